"""Spanish labels of TMDB's vocabularies (genres, languages, countries): the one table the API,
the page and the report all translate with. Names not listed are shown as TMDB spells them."""

GENRES = {
    "Action": "Acción", "Adventure": "Aventura", "Animation": "Animación", "Comedy": "Comedia",
    "Crime": "Crimen", "Documentary": "Documental", "Drama": "Drama", "Family": "Familiar",
    "Fantasy": "Fantasía", "Foreign": "Extranjera", "History": "Historia", "Horror": "Terror",
    "Music": "Música", "Mystery": "Misterio", "Romance": "Romance",
    "Science Fiction": "Ciencia ficción", "TV Movie": "Película para TV", "Thriller": "Suspenso",
    "War": "Bélica", "Western": "Western",
}

LANGUAGES = {
    "en": "inglés", "fr": "francés", "de": "alemán", "it": "italiano", "es": "español",
    "ja": "japonés", "zh": "chino", "cn": "chino (cantonés)", "ru": "ruso", "pt": "portugués",
    "sv": "sueco", "nl": "neerlandés", "da": "danés", "no": "noruego", "nb": "noruego bokmål",
    "fi": "finés", "ko": "coreano", "hi": "hindi", "fa": "persa", "ar": "árabe", "he": "hebreo",
    "tr": "turco", "pl": "polaco", "cs": "checo", "hu": "húngaro", "el": "griego", "ro": "rumano",
    "sr": "serbio", "hr": "croata", "bn": "bengalí", "ta": "tamil", "te": "telugu", "ml": "malayalam",
    "th": "tailandés", "vi": "vietnamita", "id": "indonesio", "tl": "tagalo", "uk": "ucraniano",
    "bg": "búlgaro", "la": "latín", "ca": "catalán", "eu": "euskera", "gl": "gallego",
    "is": "islandés", "et": "estonio", "lt": "lituano", "lv": "letón", "sk": "eslovaco",
    "sl": "esloveno", "cy": "galés", "ga": "irlandés", "ur": "urdu", "pa": "panyabí",
    "yi": "ídish", "sw": "suajili", "af": "afrikáans", "xx": "sin idioma", "ka": "georgiano",
    "hy": "armenio", "mr": "maratí", "kn": "canarés", "ms": "malayo", "wo": "wólof",
}

COUNTRIES = {
    "US": "Estados Unidos", "GB": "Reino Unido", "FR": "Francia", "DE": "Alemania",
    "IT": "Italia", "CA": "Canadá", "JP": "Japón", "ES": "España", "IN": "India",
    "AU": "Australia", "RU": "Rusia", "SU": "Unión Soviética", "HK": "Hong Kong", "CN": "China",
    "SE": "Suecia", "KR": "Corea del Sur", "DK": "Dinamarca", "BE": "Bélgica", "NL": "Países Bajos",
    "MX": "México", "BR": "Brasil", "AR": "Argentina", "FI": "Finlandia", "NO": "Noruega",
    "IE": "Irlanda", "CH": "Suiza", "AT": "Austria", "PL": "Polonia", "NZ": "Nueva Zelanda",
    "IR": "Irán", "CZ": "República Checa", "HU": "Hungría", "TR": "Turquía", "TW": "Taiwán",
    "ZA": "Sudáfrica", "PT": "Portugal", "IL": "Israel", "GR": "Grecia", "CL": "Chile",
    "CO": "Colombia", "PE": "Perú", "UY": "Uruguay", "VE": "Venezuela", "CU": "Cuba",
    "XG": "Alemania Oriental", "YU": "Yugoslavia", "CS": "Serbia y Montenegro",
    "LU": "Luxemburgo", "RO": "Rumania", "TH": "Tailandia", "PH": "Filipinas",
}


def genre_es(name: str) -> str:
    return GENRES.get(name, name)


def language_es(code: str) -> str:
    return LANGUAGES.get(code, code)


def country_es(code: str, name: str) -> str:
    return COUNTRIES.get(code, name)
