import type { Person } from './conjugation';
import type { Gender } from './lexicon';
import type { NounPhrase, Pronoun, Subject } from './syntax';

/** Person, number and gender a verb or predicate adjective agrees with. */
export interface Agreement {
  person: Person;
  plural: boolean;
  gender: Gender;
}

const PRONOUN_AGREEMENT: Readonly<Record<Pronoun, Agreement>> = {
  I: { person: 'first-singular', plural: false, gender: 'm' },
  you: { person: 'second-singular', plural: false, gender: 'm' },
  he: { person: 'third-singular', plural: false, gender: 'm' },
  she: { person: 'third-singular', plural: false, gender: 'f' },
  we: { person: 'first-plural', plural: true, gender: 'm' },
  they: { person: 'third-plural', plural: true, gender: 'm' },
};

/** The agreement of a noun phrase used as a subject. */
export function nounPhraseAgreement(phrase: NounPhrase): Agreement {
  return {
    person: phrase.plural ? 'third-plural' : 'third-singular',
    plural: phrase.plural,
    gender: phrase.noun.gender,
  };
}

/**
 * The agreement of a subject. Two joined noun phrases are plural, and
 * masculine unless both are feminine (Spanish "el niño y la niña son altos").
 */
export function subjectAgreement(subject: Subject): Agreement {
  if (subject.type === 'pronoun') return PRONOUN_AGREEMENT[subject.pronoun];
  const [first] = subject.phrases;
  if (subject.phrases.length === 1 && first) return nounPhraseAgreement(first);
  const feminine = subject.phrases.every((p) => p.noun.gender === 'f');
  return { person: 'third-plural', plural: true, gender: feminine ? 'f' : 'm' };
}
