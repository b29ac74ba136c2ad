import { type SpanishVerb, spanishVerb } from './conjugation';

/** English base, third-person singular present, past, and -ing forms. */
export type EnglishForms = readonly [string, string, string, string];

export type Preposition =
  | 'in'
  | 'near'
  | 'behind'
  | 'in front of'
  | 'next to'
  | 'with'
  | 'without'
  | 'to'
  | 'at'
  | 'from';

export interface Verb {
  en: EnglishForms;
  /** A particle that follows the English verb ("look for"). */
  particle?: string;
  es: SpanishVerb;
  /** Object classes (noun kinds or tags) a transitive verb takes; empty for intransitive verbs. */
  objects: readonly string[];
  /** Prepositions an intransitive verb may take a phrase with. */
  prepositions: readonly Preposition[];
  /** Whether the progressive ("is eating") is natural for it in both languages. */
  progressive: boolean;
  /** Whether a person or animal can be its subject (false: only people). */
  animalSubject: boolean;
  /** An intransitive verb that always takes its phrase ("go to the park", never bare "go"). */
  phraseRequired: boolean;
}

interface VerbSpec {
  objects?: readonly string[];
  prepositions?: readonly Preposition[];
  particle?: string;
  progressive?: boolean;
  animalSubject?: boolean;
  phraseRequired?: boolean;
}

function verb(en: EnglishForms, es: SpanishVerb, spec: VerbSpec = {}): Verb {
  return {
    en,
    es,
    objects: spec.objects ?? [],
    prepositions: spec.prepositions ?? [],
    progressive: spec.progressive ?? true,
    animalSubject: spec.animalSubject ?? false,
    phraseRequired: spec.phraseRequired ?? false,
    ...(spec.particle === undefined ? {} : { particle: spec.particle }),
  };
}

const LOCATION: readonly Preposition[] = [
  'in',
  'near',
  'behind',
  'in front of',
  'next to',
  'with',
  'without',
];

export const TRANSITIVE_VERBS: readonly Verb[] = [
  verb(['eat', 'eats', 'ate', 'eating'], spanishVerb('comer'), {
    objects: ['food'],
    animalSubject: true,
  }),
  verb(['drink', 'drinks', 'drank', 'drinking'], spanishVerb('beber'), {
    objects: ['drink'],
    animalSubject: true,
  }),
  verb(['cook', 'cooks', 'cooked', 'cooking'], spanishVerb('cocinar'), { objects: ['food'] }),
  verb(['buy', 'buys', 'bought', 'buying'], spanishVerb('comprar'), {
    objects: ['portable', 'food', 'drink', 'vehicle'],
  }),
  verb(['sell', 'sells', 'sold', 'selling'], spanishVerb('vender'), {
    objects: ['portable', 'food', 'drink', 'vehicle'],
  }),
  verb(['open', 'opens', 'opened', 'opening'], spanishVerb('abrir'), { objects: ['openable'] }),
  verb(
    ['close', 'closes', 'closed', 'closing'],
    spanishVerb('cerrar', { present: ['cierro', 'cierras', 'cierra', 'cerramos', 'cierran'] }),
    { objects: ['openable'] },
  ),
  verb(['write', 'writes', 'wrote', 'writing'], spanishVerb('escribir'), { objects: ['writable'] }),
  verb(['sing', 'sings', 'sang', 'singing'], spanishVerb('cantar'), { objects: ['singable'] }),
  verb(
    ['see', 'sees', 'saw', 'seeing'],
    spanishVerb('ver', {
      present: ['veo', 'ves', 've', 'vemos', 'ven'],
      preterite: ['vi', 'viste', 'vio', 'vimos', 'vieron'],
      imperfect: ['veía', 'veías', 'veía', 'veíamos', 'veían'],
    }),
    { objects: ['person', 'animal', 'place', 'thing'], progressive: false, animalSubject: true },
  ),
  verb(
    ['find', 'finds', 'found', 'finding'],
    spanishVerb('encontrar', {
      present: ['encuentro', 'encuentras', 'encuentra', 'encontramos', 'encuentran'],
    }),
    { objects: ['person', 'animal', 'thing', 'food'], progressive: false, animalSubject: true },
  ),
  verb(
    ['look', 'looks', 'looked', 'looking'],
    spanishVerb('buscar', { preterite: ['busqué', 'buscaste', 'buscó', 'buscamos', 'buscaron'] }),
    { objects: ['person', 'animal', 'thing', 'food'], particle: 'for', animalSubject: true },
  ),
  verb(['help', 'helps', 'helped', 'helping'], spanishVerb('ayudar'), {
    objects: ['person', 'animal'],
  }),
  verb(['call', 'calls', 'called', 'calling'], spanishVerb('llamar'), {
    objects: ['person', 'animal'],
  }),
  verb(['visit', 'visits', 'visited', 'visiting'], spanishVerb('visitar'), {
    objects: ['person', 'place'],
  }),
  verb(['wash', 'washes', 'washed', 'washing'], spanishVerb('lavar'), { objects: ['washable'] }),
  verb(['paint', 'paints', 'painted', 'painting'], spanishVerb('pintar'), {
    objects: ['paintable'],
  }),
  verb(['clean', 'cleans', 'cleaned', 'cleaning'], spanishVerb('limpiar'), {
    objects: ['cleanable'],
  }),
  verb(['break', 'breaks', 'broke', 'breaking'], spanishVerb('romper'), {
    objects: ['breakable'],
    animalSubject: true,
  }),
  verb(['carry', 'carries', 'carried', 'carrying'], spanishVerb('llevar'), {
    objects: ['portable'],
    animalSubject: true,
  }),
  verb(
    ['bring', 'brings', 'brought', 'bringing'],
    spanishVerb('traer', {
      present: ['traigo', 'traes', 'trae', 'traemos', 'traen'],
      preterite: ['traje', 'trajiste', 'trajo', 'trajimos', 'trajeron'],
      gerund: 'trayendo',
    }),
    { objects: ['portable', 'drink'], animalSubject: true },
  ),
  verb(['forget', 'forgets', 'forgot', 'forgetting'], spanishVerb('olvidar'), {
    objects: ['portable'],
    progressive: false,
  }),
];

export const INTRANSITIVE_VERBS: readonly Verb[] = [
  verb(
    ['sleep', 'sleeps', 'slept', 'sleeping'],
    spanishVerb('dormir', {
      present: ['duermo', 'duermes', 'duerme', 'dormimos', 'duermen'],
      preterite: ['dormí', 'dormiste', 'durmió', 'dormimos', 'durmieron'],
      gerund: 'durmiendo',
    }),
    { prepositions: LOCATION, animalSubject: true },
  ),
  verb(['work', 'works', 'worked', 'working'], spanishVerb('trabajar'), { prepositions: LOCATION }),
  verb(['sing', 'sings', 'sang', 'singing'], spanishVerb('cantar'), {
    prepositions: LOCATION,
    animalSubject: true,
  }),
  verb(['dance', 'dances', 'danced', 'dancing'], spanishVerb('bailar'), { prepositions: LOCATION }),
  verb(['swim', 'swims', 'swam', 'swimming'], spanishVerb('nadar'), {
    prepositions: ['in', 'near', 'with', 'without'],
    animalSubject: true,
  }),
  verb(['cry', 'cries', 'cried', 'crying'], spanishVerb('llorar'), { prepositions: LOCATION }),
  verb(
    ['laugh', 'laughs', 'laughed', 'laughing'],
    spanishVerb('reír', {
      present: ['río', 'ríes', 'ríe', 'reímos', 'ríen'],
      preterite: ['reí', 'reíste', 'rio', 'reímos', 'rieron'],
      imperfect: ['reía', 'reías', 'reía', 'reíamos', 'reían'],
      futureStem: 'reir',
      gerund: 'riendo',
    }),
    { prepositions: LOCATION },
  ),
  verb(['live', 'lives', 'lived', 'living'], spanishVerb('vivir'), {
    prepositions: ['in', 'near', 'behind', 'next to', 'with', 'without'],
    progressive: false,
    animalSubject: true,
  }),
  verb(['run', 'runs', 'ran', 'running'], spanishVerb('correr'), {
    prepositions: ['in', 'to', 'with', 'without'],
    animalSubject: true,
  }),
  verb(['travel', 'travels', 'traveled', 'traveling'], spanishVerb('viajar'), {
    prepositions: ['to', 'with', 'without'],
  }),
  verb(
    ['go', 'goes', 'went', 'going'],
    spanishVerb('ir', {
      present: ['voy', 'vas', 'va', 'vamos', 'van'],
      preterite: ['fui', 'fuiste', 'fue', 'fuimos', 'fueron'],
      imperfect: ['iba', 'ibas', 'iba', 'íbamos', 'iban'],
      gerund: 'yendo',
    }),
    {
      prepositions: ['to'],
      progressive: false,
      animalSubject: true,
      phraseRequired: true,
    },
  ),
  verb(
    ['come', 'comes', 'came', 'coming'],
    spanishVerb('venir', {
      present: ['vengo', 'vienes', 'viene', 'venimos', 'vienen'],
      preterite: ['vine', 'viniste', 'vino', 'vinimos', 'vinieron'],
      futureStem: 'vendr',
      gerund: 'viniendo',
    }),
    { prepositions: ['to', 'from', 'with', 'without'], progressive: false, animalSubject: true },
  ),
  verb(
    ['return', 'returns', 'returned', 'returning'],
    spanishVerb('volver', { present: ['vuelvo', 'vuelves', 'vuelve', 'volvemos', 'vuelven'] }),
    { prepositions: ['to', 'from', 'with', 'without'], progressive: false, animalSubject: true },
  ),
  verb(
    ['arrive', 'arrives', 'arrived', 'arriving'],
    spanishVerb('llegar', { preterite: ['llegué', 'llegaste', 'llegó', 'llegamos', 'llegaron'] }),
    { prepositions: ['at', 'from', 'with', 'without'], progressive: false, animalSubject: true },
  ),
];
