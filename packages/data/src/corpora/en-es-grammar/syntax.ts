import type { Adjective, Determiner, Noun } from './lexicon';
import type { Preposition, Verb } from './verbs';

/** The sentence trees both renderers walk; one tree gives one English and one Spanish sentence. */

export type Tense = 'present' | 'past' | 'future' | 'present-progressive' | 'past-progressive';

export type Pronoun = 'I' | 'you' | 'he' | 'she' | 'we' | 'they';

export interface NounPhrase {
  noun: Noun;
  plural: boolean;
  determiner: Determiner;
  adjective?: Adjective;
  /** "very" before the adjective ("muy"). */
  very: boolean;
  relative?: RelativeClause;
}

export type Subject =
  | { type: 'pronoun'; pronoun: Pronoun }
  /** One noun phrase, or two joined by "and" (plural agreement). */
  | { type: 'nouns'; phrases: readonly NounPhrase[] };

export interface PrepositionalPhrase {
  preposition: Preposition;
  object: NounPhrase;
}

export type Predicate =
  | { type: 'verb'; verb: Verb; object?: NounPhrase; phrase?: PrepositionalPhrase }
  | { type: 'copula'; adjective: Adjective; very: boolean };

export type TimeAdverb = 'yesterday' | 'tomorrow' | 'today' | 'now' | 'every day';

export interface Clause {
  /** Null inside a subject relative clause, whose subject is the head noun. */
  subject: Subject | null;
  predicate: Predicate;
  tense: Tense;
  negated: boolean;
  time?: TimeAdverb;
}

/**
 * "who/that" + clause. `gap` says which slot the head noun fills: the
 * subject ("the man who sleeps") or the verb's object ("the book that the
 * girl wrote").
 */
export interface RelativeClause {
  gap: 'subject' | 'object';
  clause: Clause;
}

export type Connector = 'and' | 'but' | 'because' | 'while';

export type Sentence =
  | { type: 'statement'; clauses: readonly Clause[]; connectors: readonly Connector[] }
  | { type: 'question'; clause: Clause };
