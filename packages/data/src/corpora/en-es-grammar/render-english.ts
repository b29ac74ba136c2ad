import { type Agreement, nounPhraseAgreement, subjectAgreement } from './agreement';
import type { Person } from './conjugation';
import type { Clause, Connector, NounPhrase, Sentence, Subject, Tense } from './syntax';
import { joinTokens } from './tokens';

const CONNECTORS: Readonly<Record<Connector, readonly string[]>> = {
  and: ['and'],
  but: [',', 'but'],
  because: ['because'],
  while: ['while'],
};

/** The English sentence of a tree. */
export function renderEnglish(sentence: Sentence): string {
  if (sentence.type === 'question') {
    return joinTokens(articles([...clause(sentence.clause, true), '?']));
  }
  const tokens: string[] = [];
  sentence.clauses.forEach((c, i) => {
    if (i > 0) tokens.push(...CONNECTORS[sentence.connectors[i - 1] as Connector]);
    tokens.push(...clause(c, false));
  });
  tokens.push('.');
  return joinTokens(articles(tokens));
}

/** "a" becomes "an" before a vowel ("an apple", "an old dog", "an uncle"). */
function articles(tokens: string[]): string[] {
  return tokens.map((token, i) =>
    token === 'a' && /^[aeiou]/.test(tokens[i + 1] ?? '') ? 'an' : token,
  );
}

function be(person: Person, past: boolean): string {
  if (person === 'first-singular') return past ? 'was' : 'am';
  if (person === 'third-singular') return past ? 'was' : 'is';
  return past ? 'were' : 'are';
}

interface VerbGroup {
  /** The word a question moves before the subject (do, does, did, will, is, …). */
  auxiliary: string | null;
  rest: string[];
}

function verbGroup(clause: Clause, agreement: Agreement, question: boolean): VerbGroup {
  const { predicate, tense } = clause;
  const person = agreement.person;
  const third = person === 'third-singular';
  if (predicate.type === 'copula') {
    if (tense === 'future') return { auxiliary: 'will', rest: ['be'] };
    return { auxiliary: be(person, tense === 'past'), rest: [] };
  }
  const [base, thirdSingular, past, ing] = predicate.verb.en;
  const needsAuxiliary = clause.negated || question;
  const groups: Record<Tense, VerbGroup> = {
    present: needsAuxiliary
      ? { auxiliary: third ? 'does' : 'do', rest: [base] }
      : { auxiliary: null, rest: [third ? thirdSingular : base] },
    past: needsAuxiliary ? { auxiliary: 'did', rest: [base] } : { auxiliary: null, rest: [past] },
    future: { auxiliary: 'will', rest: [base] },
    'present-progressive': { auxiliary: be(person, false), rest: [ing] },
    'past-progressive': { auxiliary: be(person, true), rest: [ing] },
  };
  const group = groups[tense];
  if (predicate.verb.particle) group.rest.push(predicate.verb.particle);
  return group;
}

/** The verb group of a statement: "does not sleep", "is sleeping", "slept". */
function statementVerb(group: VerbGroup, negated: boolean): string[] {
  if (!group.auxiliary) return group.rest;
  return [group.auxiliary, ...(negated ? ['not'] : []), ...group.rest];
}

/** Everything after the verb: object, prepositional phrase or adjective, then the time adverb. */
function complements(clause: Clause): string[] {
  const tokens: string[] = [];
  const { predicate } = clause;
  if (predicate.type === 'copula') {
    if (predicate.very) tokens.push('very');
    tokens.push(predicate.adjective.en);
  } else {
    if (predicate.object) tokens.push(...nounPhrase(predicate.object));
    if (predicate.phrase) {
      tokens.push(predicate.phrase.preposition, ...nounPhrase(predicate.phrase.object));
    }
  }
  if (clause.time) tokens.push(clause.time);
  return tokens;
}

function subjectTokens(subject: Subject): string[] {
  if (subject.type === 'pronoun') return [subject.pronoun];
  return subject.phrases.flatMap((p, i) => (i > 0 ? ['and', ...nounPhrase(p)] : nounPhrase(p)));
}

function clause(c: Clause, question: boolean): string[] {
  const subject = c.subject as Subject;
  const group = verbGroup(c, subjectAgreement(subject), question);
  if (question) {
    return [group.auxiliary as string, ...subjectTokens(subject), ...group.rest, ...complements(c)];
  }
  return [...subjectTokens(subject), ...statementVerb(group, c.negated), ...complements(c)];
}

function nounPhrase(phrase: NounPhrase): string[] {
  const index = phrase.plural ? 1 : 0;
  const tokens = [phrase.determiner.en[index] as string];
  if (phrase.adjective) {
    if (phrase.very) tokens.push('very');
    tokens.push(phrase.adjective.en);
  }
  tokens.push(phrase.noun.en[index]);
  if (phrase.relative) {
    const { gap, clause: inner } = phrase.relative;
    if (gap === 'subject') {
      const pronoun = phrase.noun.kind === 'person' ? 'who' : 'that';
      const group = verbGroup(inner, nounPhraseAgreement(phrase), false);
      tokens.push(pronoun, ...statementVerb(group, inner.negated), ...complements(inner));
    } else {
      const subject = inner.subject as Subject;
      const group = verbGroup(inner, subjectAgreement(subject), false);
      const verb = statementVerb(group, inner.negated);
      tokens.push('that', ...subjectTokens(subject), ...verb, ...complements(inner));
    }
  }
  return tokens;
}
