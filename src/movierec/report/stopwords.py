"""Words the report's word clouds leave out."""

# Stopwords for the word clouds: English (titles and overviews are mostly English) and Spanish.
_ENGLISH = """
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't down during each few for from further get gets getting had hadn't has
hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let's me
more most mustn't my myself no nor not of off on once only or other ought our ours
ourselves out over own same shan't she she'd she'll she's should shouldn't so some such
than that that's the their theirs them themselves then there there's these they they'd
they'll they're they've this those through to too under until up upon very was wasn't we
we'd we'll we're we've were weren't what what's when when's where where's which while who
who's whom why why's will with won't would wouldn't you you'd you'll you're you've your
yours yourself yourselves one two three new first last also becomes become finds find
must s t ii iii vs part film movie story life takes take make makes made way back even
another around now yet still us well away along many much every something anything
""".split()
_SPANISH = """
a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante
e el ella ellas ellos en entre era es esa esas ese eso esos esta estaba estas este esto
estos fue fueron ha han hasta hay la las le les lo los más me mi mis muy no nos nosotros
o otra otras otro otros para pero poco por porque que quien se sea ser si sin sobre su sus
también te tiene tienen todo todos tu tus un una uno unos y ya yo él película historia
""".split()


STOPWORDS = frozenset(_ENGLISH) | frozenset(_SPANISH)
