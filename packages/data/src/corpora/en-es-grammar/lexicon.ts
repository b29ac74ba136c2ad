/**
 * The vocabulary of the `en-es-grammar` corpus. Every English word has exactly
 * one Spanish rendering in every context the grammar builds, so the Spanish is
 * a function of the English. Words whose translation would depend on context
 * (English "read", whose past equals its present; "fish", whose plural equals
 * its singular; Spanish "agua", which takes "el" although feminine) are left
 * out on purpose.
 */

export type Gender = 'm' | 'f';
export type NounKind = 'person' | 'animal' | 'place' | 'thing' | 'food' | 'drink';

export interface Noun {
  /** English singular and plural. */
  en: readonly [string, string];
  /** Spanish singular and plural. */
  es: readonly [string, string];
  gender: Gender;
  kind: NounKind;
  /** Mass nouns appear only in the singular with definite or possessive determiners. */
  countable: boolean;
  /** Extra object classes for verbs beyond the noun's kind, e.g. `openable`. */
  tags: readonly string[];
}

function noun(
  en: readonly [string, string],
  es: readonly [string, string],
  gender: Gender,
  kind: NounKind,
  tags: readonly string[] = [],
  countable = true,
): Noun {
  return { en, es, gender, kind, countable, tags };
}

export const NOUNS: readonly Noun[] = [
  noun(['man', 'men'], ['hombre', 'hombres'], 'm', 'person'),
  noun(['woman', 'women'], ['mujer', 'mujeres'], 'f', 'person'),
  noun(['boy', 'boys'], ['niño', 'niños'], 'm', 'person'),
  noun(['girl', 'girls'], ['niña', 'niñas'], 'f', 'person'),
  noun(['brother', 'brothers'], ['hermano', 'hermanos'], 'm', 'person'),
  noun(['sister', 'sisters'], ['hermana', 'hermanas'], 'f', 'person'),
  noun(['son', 'sons'], ['hijo', 'hijos'], 'm', 'person'),
  noun(['daughter', 'daughters'], ['hija', 'hijas'], 'f', 'person'),
  noun(['king', 'kings'], ['rey', 'reyes'], 'm', 'person'),
  noun(['queen', 'queens'], ['reina', 'reinas'], 'f', 'person'),
  noun(['uncle', 'uncles'], ['tío', 'tíos'], 'm', 'person'),
  noun(['aunt', 'aunts'], ['tía', 'tías'], 'f', 'person'),
  noun(['dog', 'dogs'], ['perro', 'perros'], 'm', 'animal', ['washable']),
  noun(['cat', 'cats'], ['gato', 'gatos'], 'm', 'animal', ['washable']),
  noun(['horse', 'horses'], ['caballo', 'caballos'], 'm', 'animal', ['washable']),
  noun(['bird', 'birds'], ['pájaro', 'pájaros'], 'm', 'animal'),
  noun(['cow', 'cows'], ['vaca', 'vacas'], 'f', 'animal'),
  noun(['mouse', 'mice'], ['ratón', 'ratones'], 'm', 'animal'),
  noun(['house', 'houses'], ['casa', 'casas'], 'f', 'place', [
    'paintable',
    'cleanable',
    'landmark',
  ]),
  noun(['city', 'cities'], ['ciudad', 'ciudades'], 'f', 'place'),
  noun(['park', 'parks'], ['parque', 'parques'], 'm', 'place', ['landmark']),
  noun(['school', 'schools'], ['escuela', 'escuelas'], 'f', 'place', ['landmark']),
  noun(['garden', 'gardens'], ['jardín', 'jardines'], 'm', 'place', ['cleanable']),
  noun(['kitchen', 'kitchens'], ['cocina', 'cocinas'], 'f', 'place', ['cleanable', 'paintable']),
  noun(['river', 'rivers'], ['río', 'ríos'], 'm', 'place', ['landmark']),
  noun(['street', 'streets'], ['calle', 'calles'], 'f', 'place', ['cleanable']),
  noun(['church', 'churches'], ['iglesia', 'iglesias'], 'f', 'place', ['landmark', 'paintable']),
  noun(['market', 'markets'], ['mercado', 'mercados'], 'm', 'place', ['landmark']),
  noun(['library', 'libraries'], ['biblioteca', 'bibliotecas'], 'f', 'place', ['landmark']),
  noun(['station', 'stations'], ['estación', 'estaciones'], 'f', 'place', ['landmark']),
  noun(['beach', 'beaches'], ['playa', 'playas'], 'f', 'place'),
  noun(['book', 'books'], ['libro', 'libros'], 'm', 'thing', ['portable', 'openable', 'writable']),
  noun(['letter', 'letters'], ['carta', 'cartas'], 'f', 'thing', [
    'portable',
    'openable',
    'writable',
  ]),
  noun(['song', 'songs'], ['canción', 'canciones'], 'f', 'thing', ['writable', 'singable']),
  noun(['car', 'cars'], ['coche', 'coches'], 'm', 'thing', [
    'vehicle',
    'washable',
    'paintable',
    'cleanable',
    'landmark',
  ]),
  noun(['door', 'doors'], ['puerta', 'puertas'], 'f', 'thing', [
    'openable',
    'paintable',
    'cleanable',
    'landmark',
  ]),
  noun(['window', 'windows'], ['ventana', 'ventanas'], 'f', 'thing', [
    'openable',
    'breakable',
    'cleanable',
    'landmark',
  ]),
  noun(['table', 'tables'], ['mesa', 'mesas'], 'f', 'thing', [
    'paintable',
    'cleanable',
    'landmark',
  ]),
  noun(['chair', 'chairs'], ['silla', 'sillas'], 'f', 'thing', [
    'paintable',
    'breakable',
    'portable',
  ]),
  noun(['tree', 'trees'], ['árbol', 'árboles'], 'm', 'thing', ['paintable', 'landmark']),
  noun(['key', 'keys'], ['llave', 'llaves'], 'f', 'thing', ['portable']),
  noun(['pen', 'pens'], ['bolígrafo', 'bolígrafos'], 'm', 'thing', ['portable']),
  noun(['cup', 'cups'], ['taza', 'tazas'], 'f', 'thing', ['portable', 'breakable', 'washable']),
  noun(['box', 'boxes'], ['caja', 'cajas'], 'f', 'thing', ['portable', 'openable', 'paintable']),
  noun(['shirt', 'shirts'], ['camisa', 'camisas'], 'f', 'thing', ['portable', 'washable']),
  noun(['shoe', 'shoes'], ['zapato', 'zapatos'], 'm', 'thing', ['portable', 'washable']),
  noun(['hat', 'hats'], ['sombrero', 'sombreros'], 'm', 'thing', ['portable']),
  noun(['ball', 'balls'], ['pelota', 'pelotas'], 'f', 'thing', ['portable']),
  noun(['newspaper', 'newspapers'], ['periódico', 'periódicos'], 'm', 'thing', ['portable']),
  noun(['bicycle', 'bicycles'], ['bicicleta', 'bicicletas'], 'f', 'thing', [
    'vehicle',
    'washable',
    'paintable',
  ]),
  noun(['phone', 'phones'], ['teléfono', 'teléfonos'], 'm', 'thing', ['portable', 'breakable']),
  noun(['apple', 'apples'], ['manzana', 'manzanas'], 'f', 'food', ['portable']),
  noun(['orange', 'oranges'], ['naranja', 'naranjas'], 'f', 'food', ['portable']),
  noun(['cake', 'cakes'], ['pastel', 'pasteles'], 'm', 'food', ['portable']),
  noun(['egg', 'eggs'], ['huevo', 'huevos'], 'm', 'food', ['portable']),
  noun(['banana', 'bananas'], ['plátano', 'plátanos'], 'm', 'food', ['portable']),
  noun(['tomato', 'tomatoes'], ['tomate', 'tomates'], 'm', 'food', ['portable']),
  noun(['cookie', 'cookies'], ['galleta', 'galletas'], 'f', 'food', ['portable']),
  noun(['bread', 'bread'], ['pan', 'panes'], 'm', 'food', ['portable'], false),
  noun(['cheese', 'cheese'], ['queso', 'quesos'], 'm', 'food', ['portable'], false),
  noun(['soup', 'soup'], ['sopa', 'sopas'], 'f', 'food', [], false),
  noun(['milk', 'milk'], ['leche', 'leches'], 'f', 'drink', [], false),
  noun(['coffee', 'coffee'], ['café', 'cafés'], 'm', 'drink', [], false),
  noun(['tea', 'tea'], ['té', 'tés'], 'm', 'drink', [], false),
  noun(['wine', 'wine'], ['vino', 'vinos'], 'm', 'drink', [], false),
  noun(['beer', 'beer'], ['cerveza', 'cervezas'], 'f', 'drink', [], false),
  noun(['lemonade', 'lemonade'], ['limonada', 'limonadas'], 'f', 'drink', [], false),
];

export interface Adjective {
  en: string;
  /** Masculine singular, feminine singular, masculine plural, feminine plural. */
  es: readonly [string, string, string, string];
  /** Noun kinds it may describe. */
  kinds: readonly NounKind[];
  /** Whether "X is <adjective>" is rendered with ser (only these appear after "is"). */
  predicate: boolean;
}

function adjective(
  en: string,
  es: readonly [string, string, string, string],
  kinds: readonly NounKind[],
  predicate = true,
): Adjective {
  return { en, es, kinds, predicate };
}

/** `-o` adjectives: rojo, roja, rojos, rojas. */
const o = (stem: string) => [`${stem}o`, `${stem}a`, `${stem}os`, `${stem}as`] as const;
/** Adjectives with one form per number: grande, grandes. */
const invariant = (singular: string, plural: string) =>
  [singular, singular, plural, plural] as const;

export const ADJECTIVES: readonly Adjective[] = [
  adjective('red', o('roj'), ['thing']),
  adjective('black', o('negr'), ['thing', 'animal']),
  adjective('white', o('blanc'), ['thing', 'animal', 'place']),
  adjective('yellow', o('amarill'), ['thing']),
  adjective('green', invariant('verde', 'verdes'), ['thing']),
  adjective('blue', invariant('azul', 'azules'), ['thing']),
  adjective('big', invariant('grande', 'grandes'), ['person', 'animal', 'place', 'thing', 'food']),
  adjective('small', o('pequeñ'), ['person', 'animal', 'place', 'thing', 'food']),
  adjective('new', o('nuev'), ['place', 'thing']),
  adjective('old', o('viej'), ['person', 'animal', 'place', 'thing']),
  adjective('beautiful', o('hermos'), ['person', 'animal', 'place', 'thing']),
  adjective('tall', o('alt'), ['person']),
  adjective('young', invariant('joven', 'jóvenes'), ['person', 'animal']),
  adjective('intelligent', invariant('inteligente', 'inteligentes'), ['person', 'animal']),
  adjective('strong', invariant('fuerte', 'fuertes'), ['person', 'animal']),
  adjective('famous', o('famos'), ['person', 'place']),
  adjective('expensive', o('car'), ['thing', 'food', 'drink']),
  adjective('cheap', o('barat'), ['thing', 'food', 'drink']),
  adjective('long', o('larg'), ['place', 'thing']),
  adjective('heavy', o('pesad'), ['thing']),
  adjective('fresh', o('fresc'), ['food', 'drink'], false),
  adjective('hot', invariant('caliente', 'calientes'), ['food', 'drink'], false),
  adjective('cold', o('frí'), ['food', 'drink'], false),
];

export interface Determiner {
  /** English singular and plural forms (null where the determiner has no such form). */
  en: readonly [string | null, string | null];
  /** Masculine singular, feminine singular, masculine plural, feminine plural. */
  es: readonly [string | null, string | null, string | null, string | null];
  /** Whether mass nouns accept it. */
  mass: boolean;
}

/** "the" is listed twice so that it is drawn twice as often as the others. */
export const DETERMINERS: readonly Determiner[] = [
  { en: ['the', 'the'], es: ['el', 'la', 'los', 'las'], mass: true },
  { en: ['the', 'the'], es: ['el', 'la', 'los', 'las'], mass: true },
  { en: ['a', null], es: ['un', 'una', null, null], mass: false },
  { en: ['this', 'these'], es: ['este', 'esta', 'estos', 'estas'], mass: true },
  { en: ['my', 'my'], es: ['mi', 'mi', 'mis', 'mis'], mass: true },
  { en: ['your', 'your'], es: ['tu', 'tu', 'tus', 'tus'], mass: true },
  { en: ['his', 'his'], es: ['su', 'su', 'sus', 'sus'], mass: true },
  { en: ['her', 'her'], es: ['su', 'su', 'sus', 'sus'], mass: true },
  { en: ['our', 'our'], es: ['nuestro', 'nuestra', 'nuestros', 'nuestras'], mass: true },
  { en: [null, 'two'], es: [null, null, 'dos', 'dos'], mass: false },
  { en: [null, 'three'], es: [null, null, 'tres', 'tres'], mass: false },
  { en: [null, 'many'], es: [null, null, 'muchos', 'muchas'], mass: false },
  { en: [null, 'some'], es: [null, null, 'unos', 'unas'], mass: false },
];
