import { type Agreement, nounPhraseAgreement, subjectAgreement } from './agreement';
import { ESTAR, formFor, SER } from './conjugation';
import type { Adjective } from './lexicon';
import type { Clause, Connector, NounPhrase, Sentence, Subject, TimeAdverb } from './syntax';
import { joinTokens } from './tokens';
import type { Preposition } from './verbs';

const CONNECTORS: Readonly<Record<Connector, readonly string[]>> = {
  and: ['y'],
  but: [',', 'pero'],
  because: ['porque'],
  while: ['mientras'],
};

const PREPOSITIONS: Readonly<Record<Preposition, readonly string[]>> = {
  in: ['en'],
  at: ['a'],
  to: ['a'],
  from: ['de'],
  near: ['cerca', 'de'],
  behind: ['detrás', 'de'],
  'in front of': ['delante', 'de'],
  'next to': ['al', 'lado', 'de'],
  with: ['con'],
  without: ['sin'],
};

const TIME_ADVERBS: Readonly<Record<TimeAdverb, readonly string[]>> = {
  yesterday: ['ayer'],
  tomorrow: ['mañana'],
  today: ['hoy'],
  now: ['ahora'],
  'every day': ['todos', 'los', 'días'],
};

/** The Spanish sentence of a tree. */
export function renderSpanish(sentence: Sentence): string {
  if (sentence.type === 'question') {
    return joinTokens(orthography(['¿', ...clause(sentence.clause), '?']));
  }
  const tokens: string[] = [];
  sentence.clauses.forEach((c, i) => {
    if (i > 0) tokens.push(...CONNECTORS[sentence.connectors[i - 1] as Connector]);
    tokens.push(...clause(c));
  });
  tokens.push('.');
  return joinTokens(orthography(tokens));
}

/**
 * Spelling rules across word boundaries: "a el" → "al", "de el" → "del",
 * and "y" → "e" before a word that starts with the sound /i/ ("e iremos").
 */
function orthography(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const next = tokens[i + 1] ?? '';
    if ((token === 'a' || token === 'de') && next === 'el') {
      out.push(token === 'a' ? 'al' : 'del');
      i++;
    } else if (token === 'y' && /^h?[iíIÍ](?![aeouáéóú])/.test(next)) {
      out.push('e');
    } else {
      out.push(token);
    }
  }
  return out;
}

function adjectiveForm(adjective: Adjective, plural: boolean, gender: 'm' | 'f'): string {
  return adjective.es[(plural ? 2 : 0) + (gender === 'f' ? 1 : 0)] as string;
}

/** Negation, then the conjugated verb group: "no está durmiendo", "comió", "será". */
function verbTokens(c: Clause, agreement: Agreement): string[] {
  const tokens = c.negated ? ['no'] : [];
  const { predicate, tense } = c;
  const person = agreement.person;
  if (predicate.type === 'copula') {
    const forms = { present: SER.present, past: SER.imperfect, future: SER.future };
    const tenseForms = forms[tense as 'present' | 'past' | 'future'];
    tokens.push(formFor(tenseForms, person));
    if (predicate.very) tokens.push('muy');
    tokens.push(adjectiveForm(predicate.adjective, agreement.plural, agreement.gender));
    return tokens;
  }
  const verb = predicate.verb.es;
  switch (tense) {
    case 'present':
      tokens.push(formFor(verb.present, person));
      break;
    case 'past':
      tokens.push(formFor(verb.preterite, person));
      break;
    case 'future':
      tokens.push(formFor(verb.future, person));
      break;
    case 'present-progressive':
      tokens.push(formFor(ESTAR.present, person), verb.gerund);
      break;
    case 'past-progressive':
      tokens.push(formFor(ESTAR.imperfect, person), verb.gerund);
      break;
  }
  return tokens;
}

/** Object (with the personal "a" before people and animals), phrase, time adverb. */
function complements(c: Clause): string[] {
  const tokens: string[] = [];
  const { predicate } = c;
  if (predicate.type === 'verb') {
    const { object, phrase } = predicate;
    if (object) {
      const animate = object.noun.kind === 'person' || object.noun.kind === 'animal';
      if (animate) tokens.push('a');
      tokens.push(...nounPhrase(object));
    }
    if (phrase) tokens.push(...PREPOSITIONS[phrase.preposition], ...nounPhrase(phrase.object));
  }
  if (c.time) tokens.push(...TIME_ADVERBS[c.time]);
  return tokens;
}

/** Subject pronouns are dropped except él/ella, which the verb form alone would not show. */
function subjectTokens(subject: Subject): string[] {
  if (subject.type === 'pronoun') {
    if (subject.pronoun === 'he') return ['él'];
    if (subject.pronoun === 'she') return ['ella'];
    return [];
  }
  return subject.phrases.flatMap((p, i) => (i > 0 ? ['y', ...nounPhrase(p)] : nounPhrase(p)));
}

function clause(c: Clause): string[] {
  const subject = c.subject as Subject;
  return [
    ...subjectTokens(subject),
    ...verbTokens(c, subjectAgreement(subject)),
    ...complements(c),
  ];
}

/** Determiner, noun, then the adjective (after the noun), then any relative clause. */
function nounPhrase(phrase: NounPhrase): string[] {
  const { noun, plural } = phrase;
  const slot = (plural ? 2 : 0) + (noun.gender === 'f' ? 1 : 0);
  const tokens = [phrase.determiner.es[slot] as string, noun.es[plural ? 1 : 0]];
  if (phrase.adjective) {
    if (phrase.very) tokens.push('muy');
    tokens.push(adjectiveForm(phrase.adjective, plural, noun.gender));
  }
  if (phrase.relative) {
    const { gap, clause: inner } = phrase.relative;
    if (gap === 'subject') {
      tokens.push('que', ...verbTokens(inner, nounPhraseAgreement(phrase)), ...complements(inner));
    } else {
      const subject = inner.subject as Subject;
      const verb = verbTokens(inner, subjectAgreement(subject));
      tokens.push('que', ...subjectTokens(subject), ...verb, ...complements(inner));
    }
  }
  return tokens;
}
