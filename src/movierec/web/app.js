// movierec page: plain JavaScript over the JSON API; every request goes to this same server.
'use strict';

const $ = (selector) => document.querySelector(selector);
// Numbers, money and dates are never formatted here: each answer carries them written in Spanish
// (its `texto` fields, from the server's one formatting module, movierec.spanish).
const seg = encodeURIComponent;

class ApiError extends Error {
  constructor(message, body = {}) {
    super(message);
    this.sugerencias = body.sugerencias || [];
    this.validos = body.valores_validos || [];
    this.errores = body.errores || [];
  }
}

// GET a JSON endpoint; failures become an ApiError with a Spanish message.
async function api(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const url = query.toString() ? `${path}?${query}` : path;
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError('No se pudo conectar con el servidor. Revise la conexión e intente de nuevo.');
  }
  let body = null;
  try { body = await response.json(); } catch { /* not JSON: handled below */ }
  if (response.ok && body !== null) return body;
  if (response.status === 404 && body && body.detail === 'Ruta no encontrada.') {
    throw new ApiError('Esta función todavía no está disponible en el servidor (ruta no encontrada).');
  }
  if (body && typeof body.detail === 'string') throw new ApiError(body.detail, body);
  if (response.status >= 500) {
    throw new ApiError(`El servidor tuvo un problema (error ${response.status}). Intente de nuevo más tarde.`);
  }
  throw new ApiError(`Respuesta inesperada del servidor (código ${response.status}).`);
}

// Build an element: el('li', {class: 'x', onclick: f}, 'text', child, ...).
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function show(node, visible = true) { node.hidden = !visible; }

// Show an error with its suggestions (clickable when onPick is given) or its valid values.
function showError(box, error, onPick, suggestionsLabel = '¿Quiso decir…?') {
  box.replaceChildren(el('p', { class: 'error-text' }, error.message));
  if (error.sugerencias.length) {
    const items = error.sugerencias.map((text) => el('li', {},
      onPick ? el('button', { type: 'button', class: 'chip', onclick: () => onPick(text) }, text) : text));
    box.append(el('p', {}, suggestionsLabel), el('ul', { class: 'chips suggestions' }, ...items));
  }
  if (error.validos.length) box.append(el('p', {}, `Valores válidos: ${error.validos.join(', ')}.`));
  if (error.errores.length) {
    box.append(el('ul', {}, ...error.errores.map((e) => el('li', {}, `${e.parametro}: ${e.problema}`))));
  }
  show(box);
}

function clearError(box) { box.replaceChildren(); show(box, false); }

// Keep only the answer to the latest request of each kind (an older, slower one is dropped).
function latest() {
  let counter = 0;
  return (promise) => {
    const ticket = ++counter;
    return promise.then((value) => {
      if (ticket !== counter) throw new DOMException('superseded', 'AbortError');
      return value;
    });
  };
}
const superseded = (error) => error.name === 'AbortError';

// A suggestion such as "Heat (1995)" names a title and a year.
function splitYear(text) {
  const match = /^(.*\S)\s+\((\d{4})\)$/.exec(text);
  return match ? { titulo: match[1], anio: Number(match[2]) } : { titulo: text, anio: undefined };
}

// A 0–1 value drawn as a bar (set through the CSSOM: the page's policy forbids inline style attributes).
function bar(value) {
  const fill = el('span');
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, value)) * 100)}%`;
  return el('span', { class: 'bar', 'aria-hidden': 'true' }, fill);
}

function filmButton(film, ...extra) {
  return el('button', { type: 'button', class: 'film-link', onclick: () => loadFilm(film.titulo, film.anio) },
    el('span', { class: 'film-name' },
      el('span', { class: 'film-title' }, film.titulo), ' ', el('span', { class: 'film-year' }, `(${film.anio})`)), ...extra);
}

/* ---------- Film card ---------- */

const filmRequest = latest();

async function loadFilm(titulo, anio) {
  titulo = titulo.trim();
  if (!titulo) {
    show($('#ficha'), false);
    showError($('#titulo-error'), new ApiError('Escriba parte del título de una película.'));
    return;
  }
  $('#titulo').value = titulo;
  closeSuggestions();
  clearError($('#titulo-error'));
  show($('#ficha-cargando'));
  $('#ficha').setAttribute('aria-busy', 'true');
  let current = true;
  try {
    const card = await filmRequest(api(`/pelicula/${seg(titulo)}`, { anio }));
    const params = { anio: card.anio };
    const [votes, recs] = await filmRequest(Promise.all([
      api(`/votos_titulo/${seg(card.titulo)}`, params),
      api(`/recomendacion/${seg(card.titulo)}`, { ...params, k: 5 }).catch((error) => error),
    ]));
    renderFilm(card, votes, recs);
    history.replaceState(null, '', `#${new URLSearchParams({ pelicula: card.titulo, anio: card.anio })}`);
  } catch (error) {
    current = !superseded(error);
    if (!current) return;
    show($('#ficha'), false);
    showError($('#titulo-error'), error, (text) => { const pick = splitYear(text); loadFilm(pick.titulo, pick.anio); });
  } finally {
    if (current) {
      show($('#ficha-cargando'), false);
      $('#ficha').removeAttribute('aria-busy');
    }
  }
}

// The poster from TMDB's image service, or a drawn placeholder when there is none or it cannot load (offline).
function renderPoster(card) {
  const placeholder = () => el('div', { class: 'poster-placeholder', role: 'img', 'aria-label': `Sin póster de ${card.titulo}` },
    el('span', { class: 'poster-reel', 'aria-hidden': 'true' }), el('span', { class: 'poster-caption' }, card.titulo));
  const box = $('#ficha-poster');
  if (!card.poster) { box.replaceChildren(placeholder()); return; }
  const image = el('img', { src: card.poster, alt: `Póster de ${card.titulo}`, width: '171', height: '256', loading: 'lazy' });
  image.addEventListener('error', () => box.replaceChildren(placeholder()));
  box.replaceChildren(image);
}

// A person's name as a button that opens the actor or director panel.
function personButton(name, kind) {
  return el('button', { type: 'button', class: 'person-link', onclick: () => openPerson(kind, name) }, name);
}

function renderDetails(card) {
  renderPoster(card);
  const original = card.titulo_original && card.titulo_original !== card.titulo;
  $('#ficha-original').textContent = original ? `Título original: ${card.titulo_original}` : '';
  show($('#ficha-original'), original);
  $('#ficha-eslogan').textContent = card.eslogan || '';
  show($('#ficha-eslogan'), Boolean(card.eslogan));
  $('#ficha-generos').replaceChildren(...card.generos.map((name) => el('li', { class: 'genre' }, name)));
  const facts = [];
  if (card.texto.duracion) facts.push(card.texto.duracion);
  if (card.idioma_original) facts.push(`idioma original: ${card.idioma_original}`);
  if (card.paises.length) facts.push(card.paises.join(', '));
  $('#ficha-datos').textContent = facts.join(' · ');
  $('#ficha-sinopsis').textContent = card.sinopsis || 'Sin sinopsis.';
  const direction = $('#ficha-direccion');
  direction.replaceChildren('Dirección: ', ...card.direccion.flatMap((name, index) =>
    (index ? [', ', personButton(name, 'director')] : [personButton(name, 'director')])));
  show(direction, card.direccion.length > 0);
  $('#ficha-presupuesto').textContent = card.texto.presupuesto || 'Desconocido';
  $('#ficha-ingresos').textContent = card.texto.ingresos || 'Desconocidos';
  $('#ficha-retorno').textContent = card.texto.retorno || '—';
  $('#ficha').classList.toggle('doubtful', card.retorno_dudoso);
  show($('#ficha-dudoso'), card.retorno_dudoso);
  const collection = card.coleccion;
  if (collection) {
    $('#ficha-coleccion-nombre').textContent = collection.otras_peliculas.length
      ? `Parte de ${collection.nombre}; en el catálogo también:` : `Parte de ${collection.nombre}.`;
    $('#ficha-coleccion ul').replaceChildren(...collection.otras_peliculas.map((film) => el('li', {}, filmButton(film))));
  }
  show($('#ficha-coleccion'), Boolean(collection));
  $('#ficha-reparto').replaceChildren(...card.reparto.map((person) => el('li', {}, personButton(person.nombre, 'actor'),
    person.personaje ? el('span', { class: 'character' }, person.personaje) : null)));
  show($('#ficha-reparto-bloque'), card.reparto.length > 0);
}

function renderFilm(score, votes, recs) {
  $('#ficha-titulo').textContent = score.titulo;
  $('#ficha-anio').textContent = score.anio;
  $('#ficha-anio-valor').textContent = score.anio;
  $('#ficha-score').textContent = score.texto.popularidad;
  renderDetails(score);
  $('#ficha-votos').textContent = votes.cumple_minimo ? votes.texto.votos : 'No llega a 2.000';
  $('#ficha-promedio').textContent = votes.cumple_minimo ? votes.texto.promedio : '—';
  $('#ficha-votos-mensaje').textContent = votes.mensaje;
  $('#ficha').classList.toggle('few-votes', !votes.cumple_minimo);

  const others = score.otras_coincidencias;
  $('#ficha-otras ul').replaceChildren(...others.map((film) => el('li', {}, filmButton(film))));
  show($('#ficha-otras'), others.length > 0);

  const list = $('#recomendaciones');
  if (recs instanceof Error) {
    list.replaceChildren();
    showError($('#recomendaciones-error'), recs);
  } else {
    clearError($('#recomendaciones-error'));
    list.replaceChildren(...recs.detalle.map((film) => el('li', {}, filmButton(film,
      el('span', { class: 'score-bar', title: 'Similitud' },
        bar(film.similitud),
        el('span', { class: 'score-value' }, `similitud ${film.texto.similitud}`)),
      el('span', { class: 'reason' }, film.motivo)))));
  }
  show($('#ficha'));
}

/* ---------- Title and people suggestions (combobox) ---------- */

const suggestRequest = latest();
let suggestTimer = 0;
let activeIndex = -1;

function suggestionItems() { return [...$('#sugerencias').querySelectorAll('[role="option"]')]; }

function closeSuggestions() {
  clearTimeout(suggestTimer);
  suggestRequest(Promise.resolve()).catch(() => {}); // drop answers still on their way
  show($('#sugerencias'), false);
  $('#titulo').setAttribute('aria-expanded', 'false');
  $('#titulo').removeAttribute('aria-activedescendant');
  activeIndex = -1;
}

// "12 películas": the count as the API writes it (texto), the noun chosen by the count.
function filmsCount(count, text) { return `${text} ${count === 1 ? 'película' : 'películas'}`; }

// What a person suggestion says they did, e.g. "Actor o actriz · 12 películas · Dirección · 1 película".
function personLabel(person) {
  const { peliculas_como_actor: acted, peliculas_como_director: directed, texto } = person;
  return [
    acted ? `Actor o actriz · ${filmsCount(acted, texto.peliculas_como_actor)}` : '',
    directed ? `Dirección · ${filmsCount(directed, texto.peliculas_como_director)}` : '',
  ].filter(Boolean).join(' · ');
}

// A chosen person opens the person panel: their actor answer, director answer, or both.
function openPersonSuggestion(person) {
  closeSuggestions();
  if (person.peliculas_como_actor) findActor(person.nombre);
  else show($('#actor-resultado'), false);
  if (person.peliculas_como_director) findDirector(person.nombre);
  else show($('#director-resultado'), false);
  $('#personas').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function suggestionOption(index, attributes, choose, ...children) {
  return el('li', {
    id: `sugerencia-${index}`, role: 'option', 'aria-selected': 'false', ...attributes,
    onmousedown: (event) => event.preventDefault(), // keep focus in the box
    onclick: choose,
  }, ...children);
}

function suggestionGroup(id, label, options) {
  if (!options.length) return [];
  return [el('li', { role: 'group', 'aria-labelledby': id },
    el('span', { id, class: 'suggest-heading', 'aria-hidden': 'true' }, label),
    el('ul', { role: 'presentation' }, ...options))];
}

// Films first, then people, each under its own heading.
function renderSuggestions(films, people) {
  const list = $('#sugerencias');
  const filmOptions = films.map((film, index) => suggestionOption(index,
    { 'data-titulo': film.titulo, 'data-anio': film.anio }, () => loadFilm(film.titulo, film.anio),
    film.titulo, ' ', el('span', { class: 'film-year' }, `(${film.anio})`)));
  const personOptions = people.map((person, index) => suggestionOption(films.length + index,
    { 'data-persona': person.nombre }, () => openPersonSuggestion(person),
    person.nombre, ' ', el('span', { class: 'person-role' }, personLabel(person))));
  list.replaceChildren(...suggestionGroup('sugerencias-peliculas', 'Películas', filmOptions),
    ...suggestionGroup('sugerencias-personas', 'Personas', personOptions));
  activeIndex = -1;
  const open = films.length + people.length > 0;
  show(list, open);
  $('#titulo').setAttribute('aria-expanded', String(open));
}

// Nothing matches what is typed: say so, and clear the card of a film the text no longer names.
function noMatches(message) {
  closeSuggestions();
  show($('#ficha'), false);
  $('#titulo-error').replaceChildren(el('p', { class: 'empty-text' }, 'Sin coincidencias. ', message));
  show($('#titulo-error'));
}

function suggest() {
  const q = $('#titulo').value.trim();
  clearTimeout(suggestTimer);
  clearError($('#titulo-error'));
  if (!q) { closeSuggestions(); return; }
  suggestTimer = setTimeout(() => {
    // People are extra: if their search fails, the films are still suggested.
    const people = api('/buscar_personas', { q }).then((answer) => answer.resultados, () => []);
    suggestRequest(Promise.all([api('/buscar', { q }), people])).then(([films, persons]) => {
      if (films.resultados.length || persons.length) renderSuggestions(films.resultados, persons);
      else noMatches(films.mensaje);
    }).catch((error) => {
      if (!superseded(error)) closeSuggestions();
    });
  }, 150);
}

function moveActive(step) {
  const items = suggestionItems();
  if (!items.length || $('#sugerencias').hidden) return;
  activeIndex = (activeIndex + step + items.length) % items.length;
  items.forEach((item, index) => item.setAttribute('aria-selected', String(index === activeIndex)));
  $('#titulo').setAttribute('aria-activedescendant', items[activeIndex].id);
  items[activeIndex].scrollIntoView({ block: 'nearest' });
}

function onTitleKey(event) {
  if (event.key === 'ArrowDown') { event.preventDefault(); moveActive(1); }
  else if (event.key === 'ArrowUp') { event.preventDefault(); moveActive(-1); }
  else if (event.key === 'Escape') closeSuggestions();
  else if (event.key === 'Enter' && activeIndex >= 0 && !$('#sugerencias').hidden) {
    event.preventDefault();
    suggestionItems()[activeIndex].click();
  }
}

/* ---------- Releases by month and weekday ---------- */

function countPicker(kind, path) {
  const request = latest();
  const select = $(`#${kind}`);
  const update = () => {
    $(`#${kind}-cantidad`).textContent = '…';
    request(api(`${path}/${seg(select.value)}`)).then((body) => {
      clearError($(`#${kind}-error`));
      $(`#${kind}-cantidad`).textContent = body.texto.cantidad;
      $(`#${kind}-mensaje`).textContent = body.mensaje;
    }).catch((error) => {
      if (superseded(error)) return;
      $(`#${kind}-cantidad`).textContent = '';
      $(`#${kind}-mensaje`).textContent = '';
      showError($(`#${kind}-error`), error);
    });
  };
  select.addEventListener('change', update);
  update();
}

/* ---------- Actor, director and user lookups ---------- */

// Wire a form whose input is looked up with run(value); errors and suggestions go to #<kind>-error;
// an empty box gets `emptyMessage` (the forms are `novalidate`: no browser tooltip in its own language).
// Returns the lookup itself, so other parts of the page can open a person.
function lookupForm(kind, inputId, run, suggestionsLabel, emptyMessage) {
  const request = latest();
  const input = $(`#${inputId}`);
  const go = (value) => {
    input.value = value;
    const text = value.trim();
    if (!text) {
      request(Promise.resolve()).catch(() => {}); // an answer still on its way is dropped
      show($(`#${kind}-resultado`), false);
      showError($(`#${kind}-error`), new ApiError(emptyMessage));
      return;
    }
    request(run(text)).then((render) => {
      clearError($(`#${kind}-error`));
      render();
      show($(`#${kind}-resultado`));
    }).catch((error) => {
      if (superseded(error)) return;
      show($(`#${kind}-resultado`), false);
      showError($(`#${kind}-error`), error, go, suggestionsLabel);
    });
  };
  $(`#form-${kind}`).addEventListener('submit', (event) => { event.preventDefault(); go(input.value); });
  return go;
}

// The warning beside a person's totals (the answer's aviso_retorno_dudoso), when some films have a doubtful return.
function doubtfulNote(box, body) {
  box.textContent = body.aviso_retorno_dudoso;
  show(box, body.peliculas_retorno_dudoso > 0);
}

function returnCell(film) {
  return el('td', { class: 'num' }, film.texto.retorno,
    film.retorno_dudoso ? el('span', { class: 'doubt', title: 'Retorno dudoso' }, ' (dudoso)') : null);
}

const findActor = lookupForm('actor', 'actor', async (name) => {
  const body = await api(`/get_actor/${seg(name)}`);
  return () => {
    $('#actor-nombre').textContent = body.actor;
    $('#actor-cantidad').textContent = body.texto.cantidad_peliculas;
    $('#actor-retorno').textContent = body.texto.retorno_total;
    $('#actor-promedio').textContent = body.texto.retorno_promedio;
    doubtfulNote($('#actor-dudoso'), body);
    $('#actor-mensaje').textContent = body.mensaje;
    $('#actor-peliculas tbody').replaceChildren(...body.peliculas.map((film) => el('tr', {},
      el('td', { class: 'title-cell' }, el('button', {
        type: 'button', class: 'film-link', onclick: () => loadFilm(film.titulo, film.anio),
      }, film.titulo)),
      el('td', {}, String(film.anio)),
      el('td', { class: 'title-cell' }, film.personaje || '—'),
      returnCell(film))));
  };
}, undefined, 'Escriba el nombre de un actor o actriz.');

const findDirector = lookupForm('director', 'director', async (name) => {
  const body = await api(`/get_director/${seg(name)}`);
  return () => {
    $('#director-nombre').textContent = body.director;
    doubtfulNote($('#director-dudoso'), body);
    $('#director-mensaje').textContent = body.mensaje;
    $('#director-peliculas tbody').replaceChildren(...body.peliculas.map((film) => el('tr', {},
      el('td', { class: 'title-cell' }, el('button', {
        type: 'button', class: 'film-link',
        onclick: () => loadFilm(film.titulo, Number(film.fecha_lanzamiento.slice(0, 4))),
      }, film.titulo)),
      el('td', { class: 'date' }, film.texto.fecha_lanzamiento),
      returnCell(film),
      el('td', { class: 'num money' }, film.texto.costo),
      el('td', { class: 'num money' }, film.texto.ingresos),
      el('td', { class: 'num money' }, film.texto.ganancia))));
    markScrolling($('#director-resultado .table-wrap'));
  };
}, undefined, 'Escriba el nombre de un director o directora.');

lookupForm('usuario', 'usuario-id', async (id) => {
  if (!/^\d+$/.test(id) || Number(id) < 1) throw new ApiError('El id de usuario es un número entero mayor que cero, escrito solo con cifras.');
  const body = await api(`/recomendacion_usuario/${seg(id)}`);
  return () => {
    $('#usuario-mensaje').textContent = body.mensaje || `Recomendaciones para el usuario ${body.usuario}.`;
    $('#usuario-lista').replaceChildren(...body.detalle.map((film) => el('li', {}, filmButton(film,
      el('span', { class: 'score-value' }, `afinidad ${film.texto.puntaje}`),
      el('span', { class: 'reason' }, film.motivo)))));
  };
}, 'Usuarios con valoraciones:', 'Escriba un id de usuario: un número entero mayor que cero.');

// A table wider than its box says so (a hint and an edge shadow) until it is scrolled to its end.
function markScrolling(wrap) {
  const update = () => wrap.classList.toggle('scrolls', wrap.scrollLeft + wrap.clientWidth < wrap.scrollWidth - 1);
  if (!wrap.dataset.watched) {
    wrap.dataset.watched = 'true';
    wrap.addEventListener('scroll', update, { passive: true });
    new ResizeObserver(update).observe(wrap); // also when it is first shown, or the screen turns
  }
  update();
}

// A name clicked on the card opens the person panel.
function openPerson(kind, name) {
  (kind === 'director' ? findDirector : findActor)(name);
  $('#personas').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/* ---------- Browsing ---------- */

const exploreRequest = latest();
let explorePage = 1;

function fillOptions(select, values) {
  if (select.options.length > 1) return; // filled once, from the first answer
  select.append(...values.map((value) => el('option', { value }, value)));
}

function explore(page = 1) {
  explorePage = page;
  const params = { genero: $('#explorar-genero').value, decada: $('#explorar-decada').value,
    orden: $('#explorar-orden').value, pagina: page };
  exploreRequest(api('/explorar', params)).then((body) => {
    clearError($('#explorar-error'));
    fillOptions($('#explorar-genero'), body.generos_disponibles);
    fillOptions($('#explorar-decada'), body.decadas_disponibles);
    $('#explorar-mensaje').textContent = body.mensaje;
    $('#explorar-lista').replaceChildren(...body.resultados.map((film) => el('li', {}, filmButton(film,
      el('span', { class: 'score-value' },
        `${film.generos.join(', ')} · valoración ${film.texto.valoracion_ponderada} · ${film.texto.votos} votos`)))));
    $('#explorar-pagina').textContent = `Página ${body.texto.pagina} de ${body.texto.paginas}`;
    $('#explorar-anterior').disabled = body.pagina <= 1;
    $('#explorar-siguiente').disabled = body.pagina >= body.paginas;
  }).catch((error) => {
    if (superseded(error)) return;
    $('#explorar-lista').replaceChildren();
    $('#explorar-mensaje').textContent = '';
    showError($('#explorar-error'), error);
  });
}

for (const id of ['#explorar-genero', '#explorar-decada', '#explorar-orden']) {
  $(id).addEventListener('change', () => explore(1));
}
$('#form-explorar').addEventListener('submit', (event) => { event.preventDefault(); explore(1); });
$('#explorar-anterior').addEventListener('click', () => explore(explorePage - 1));
$('#explorar-siguiente').addEventListener('click', () => explore(explorePage + 1));

/* ---------- Start ---------- */

const titleBox = $('#titulo');
titleBox.addEventListener('input', suggest);
titleBox.addEventListener('keydown', onTitleKey);
titleBox.addEventListener('blur', () => setTimeout(closeSuggestions, 100));
$('#form-titulo').addEventListener('submit', (event) => { event.preventDefault(); loadFilm(titleBox.value); });
// Clicking a film elsewhere on the page loads it at the top: bring the card into view.
document.addEventListener('click', (event) => {
  if (event.target.closest('.film-link')) $('#pelicula').scrollIntoView({ behavior: 'smooth', block: 'start' });
});

const now = new Date();
$('#mes').selectedIndex = now.getMonth();
$('#dia').selectedIndex = (now.getDay() + 6) % 7; // getDay(): 0 is Sunday
countPicker('mes', '/cantidad_filmaciones_mes');
countPicker('dia', '/cantidad_filmaciones_dia');
explore(1);

api('/version').then((body) => { $('#version').textContent = `Versión ${body.version}.`; }).catch(() => {});

const initial = new URLSearchParams(location.hash.slice(1));
if (initial.get('pelicula')) loadFilm(initial.get('pelicula'), initial.get('anio') || undefined);
