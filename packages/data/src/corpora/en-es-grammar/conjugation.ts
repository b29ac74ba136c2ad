/**
 * Spanish verb forms for the persons the grammar uses: yo, tú, él/ella (and
 * singular noun subjects), nosotros, ellos (and plural noun subjects).
 * Regular -ar/-er/-ir verbs are generated; stem changes and irregular forms
 * are given explicitly.
 */

export type Person =
  | 'first-singular'
  | 'second-singular'
  | 'third-singular'
  | 'first-plural'
  | 'third-plural';

export const PERSONS: readonly Person[] = [
  'first-singular',
  'second-singular',
  'third-singular',
  'first-plural',
  'third-plural',
];

/** Forms in `PERSONS` order. */
export type PersonForms = readonly [string, string, string, string, string];

export interface SpanishVerb {
  infinitive: string;
  present: PersonForms;
  preterite: PersonForms;
  imperfect: PersonForms;
  future: PersonForms;
  gerund: string;
}

export interface SpanishVerbOverrides {
  present?: PersonForms;
  preterite?: PersonForms;
  imperfect?: PersonForms;
  futureStem?: string;
  gerund?: string;
}

const ENDINGS = {
  ar: {
    present: ['o', 'as', 'a', 'amos', 'an'],
    preterite: ['é', 'aste', 'ó', 'amos', 'aron'],
    imperfect: ['aba', 'abas', 'aba', 'ábamos', 'aban'],
    gerund: 'ando',
  },
  er: {
    present: ['o', 'es', 'e', 'emos', 'en'],
    preterite: ['í', 'iste', 'ió', 'imos', 'ieron'],
    imperfect: ['ía', 'ías', 'ía', 'íamos', 'ían'],
    gerund: 'iendo',
  },
  ir: {
    present: ['o', 'es', 'e', 'imos', 'en'],
    preterite: ['í', 'iste', 'ió', 'imos', 'ieron'],
    imperfect: ['ía', 'ías', 'ía', 'íamos', 'ían'],
    gerund: 'iendo',
  },
} as const;

const FUTURE_ENDINGS = ['é', 'ás', 'á', 'emos', 'án'] as const;

function attach(stem: string, endings: readonly string[]): PersonForms {
  return endings.map((ending) => stem + ending) as unknown as PersonForms;
}

/** Conjugates `infinitive` regularly, then applies `overrides`. */
export function spanishVerb(infinitive: string, overrides: SpanishVerbOverrides = {}): SpanishVerb {
  const group = infinitive.slice(-2) as 'ar' | 'er' | 'ir';
  const endings = ENDINGS[group];
  const stem = infinitive.slice(0, -2);
  return {
    infinitive,
    present: overrides.present ?? attach(stem, endings.present),
    preterite: overrides.preterite ?? attach(stem, endings.preterite),
    imperfect: overrides.imperfect ?? attach(stem, endings.imperfect),
    future: attach(overrides.futureStem ?? infinitive, FUTURE_ENDINGS),
    gerund: overrides.gerund ?? stem + endings.gerund,
  };
}

/** The form of `forms` for `person`. */
export function formFor(forms: PersonForms, person: Person): string {
  return forms[PERSONS.indexOf(person)] as string;
}

/** ser: used for "is/was/will be" + adjective. */
export const SER = spanishVerb('ser', {
  present: ['soy', 'eres', 'es', 'somos', 'son'],
  preterite: ['fui', 'fuiste', 'fue', 'fuimos', 'fueron'],
  imperfect: ['era', 'eras', 'era', 'éramos', 'eran'],
  gerund: 'siendo',
});

/** estar: the auxiliary of the progressive tenses. */
export const ESTAR = spanishVerb('estar', {
  present: ['estoy', 'estás', 'está', 'estamos', 'están'],
  preterite: ['estuve', 'estuviste', 'estuvo', 'estuvimos', 'estuvieron'],
});
