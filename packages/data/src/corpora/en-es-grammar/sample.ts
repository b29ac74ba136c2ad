import type { Random } from '@heed/core';
import {
  ADJECTIVES,
  type Adjective,
  DETERMINERS,
  NOUNS,
  type Noun,
  type NounKind,
} from './lexicon';
import type {
  Clause,
  Connector,
  NounPhrase,
  Predicate,
  PrepositionalPhrase,
  Pronoun,
  RelativeClause,
  Sentence,
  Subject,
  Tense,
  TimeAdverb,
} from './syntax';
import { INTRANSITIVE_VERBS, type Preposition, TRANSITIVE_VERBS, type Verb } from './verbs';

/** How many clauses a statement joins, with weights: most are short, some run past 50 tokens. */
const CLAUSE_COUNT_WEIGHTS = [40, 24, 14, 10, 7, 5] as const;
const CONNECTORS: readonly Connector[] = ['and', 'and', 'but', 'because', 'while'];
const ALL_PRONOUNS: readonly Pronoun[] = ['I', 'you', 'he', 'she', 'we', 'they'];
const THIRD_PERSON_PRONOUNS: readonly Pronoun[] = ['he', 'she', 'they'];
const SIMPLE_TENSES: readonly Tense[] = ['present', 'past', 'future'];
const ALL_TENSES: readonly Tense[] = [...SIMPLE_TENSES, 'present-progressive', 'past-progressive'];
const TIME_ADVERBS: Readonly<Record<Tense, readonly TimeAdverb[]>> = {
  present: ['today', 'every day'],
  past: ['yesterday', 'today'],
  future: ['tomorrow', 'today'],
  'present-progressive': ['now', 'today'],
  'past-progressive': ['yesterday'],
};

/** The nouns a preposition takes: people and animals after "with", places after "in"… */
const PREPOSITION_OBJECTS: Readonly<Record<Preposition, readonly string[]>> = {
  in: ['place'],
  at: ['place'],
  to: ['place'],
  from: ['place'],
  near: ['place', 'landmark'],
  behind: ['landmark'],
  'in front of': ['landmark'],
  'next to': ['landmark'],
  with: ['person', 'animal'],
  without: ['person', 'animal'],
};

/** Whether `noun`'s kind or one of its tags is among `classes`. */
export function nounIn(noun: Noun, classes: readonly string[]): boolean {
  return classes.includes(noun.kind) || noun.tags.some((tag) => classes.includes(tag));
}

/** Draws sentence trees from the grammar with a seeded generator. */
export class GrammarSampler {
  constructor(private readonly random: Random) {}

  sentence(): Sentence {
    if (this.chance(0.15)) return { type: 'question', clause: this.clause(0, false) };
    const count = this.weighted(CLAUSE_COUNT_WEIGHTS) + 1;
    const clauses: Clause[] = [];
    const connectors: Connector[] = [];
    for (let i = 0; i < count; i++) {
      clauses.push(this.clause(0, true));
      if (i > 0) connectors.push(this.pick(CONNECTORS));
    }
    return { type: 'statement', clauses, connectors };
  }

  /** A main clause; `allowNegation` is false for questions. */
  private clause(depth: number, allowNegation: boolean): Clause {
    const clause = this.chance(0.15) ? this.copulaClause(depth) : this.verbClause(depth);
    clause.negated = allowNegation && this.chance(0.2);
    // Time adverbs go with actions only: "ayer era alto" would want another tense.
    if (clause.predicate.type === 'verb' && this.chance(0.15)) {
      clause.time = this.pick(TIME_ADVERBS[clause.tense]);
    }
    return clause;
  }

  private copulaClause(depth: number): Clause {
    const adjective = this.pick(ADJECTIVES.filter((a) => a.predicate));
    const subject: Subject =
      adjective.kinds.includes('person') && this.chance(0.3)
        ? { type: 'pronoun', pronoun: this.pick(THIRD_PERSON_PRONOUNS) }
        : this.nounSubject((noun) => adjective.kinds.includes(noun.kind), depth);
    return {
      subject,
      predicate: this.copula(adjective),
      tense: this.pick(SIMPLE_TENSES),
      negated: false,
    };
  }

  private verbClause(depth: number): Clause {
    const verb = this.pick(this.chance(0.6) ? TRANSITIVE_VERBS : INTRANSITIVE_VERBS);
    const subject: Subject = this.chance(0.35)
      ? { type: 'pronoun', pronoun: this.pick(ALL_PRONOUNS) }
      : this.nounSubject((noun) => this.canDo(noun, verb), depth);
    return {
      subject,
      predicate: this.verbPredicate(verb, depth, 'none'),
      tense: this.tenseFor(verb),
      negated: false,
    };
  }

  private copula(adjective: Adjective): Predicate {
    return { type: 'copula', adjective, very: this.chance(0.2) };
  }

  /** The verb, its object (unless the object is a relative clause's gap) and a phrase. */
  private verbPredicate(verb: Verb, depth: number, gap: 'none' | 'object'): Predicate {
    const predicate: Predicate = { type: 'verb', verb };
    if (verb.objects.length > 0) {
      if (gap === 'none') predicate.object = this.nounPhrase((n) => nounIn(n, verb.objects), depth);
    } else if (verb.prepositions.length > 0 && (verb.phraseRequired || this.chance(0.6))) {
      predicate.phrase = this.prepositionalPhrase(this.pick(verb.prepositions), depth);
    }
    return predicate;
  }

  private prepositionalPhrase(preposition: Preposition, depth: number): PrepositionalPhrase {
    const classes = PREPOSITION_OBJECTS[preposition];
    return { preposition, object: this.nounPhrase((n) => nounIn(n, classes), depth) };
  }

  private nounSubject(filter: (noun: Noun) => boolean, depth: number): Subject {
    const phrases = [this.nounPhrase(filter, depth)];
    if (this.chance(0.12)) phrases.push(this.nounPhrase(filter, depth + 1));
    return { type: 'nouns', phrases };
  }

  private nounPhrase(filter: (noun: Noun) => boolean, depth: number): NounPhrase {
    const noun = this.pick(NOUNS.filter(filter));
    const plural = noun.countable && this.chance(0.35);
    const determiner = this.pick(
      DETERMINERS.filter((d) => d.en[plural ? 1 : 0] !== null && (noun.countable || d.mass)),
    );
    const phrase: NounPhrase = { noun, plural, determiner, very: false };
    if (this.chance(0.3)) {
      const adjectives = ADJECTIVES.filter((a) => a.kinds.includes(noun.kind));
      if (adjectives.length > 0) {
        phrase.adjective = this.pick(adjectives);
        phrase.very = this.chance(0.2);
      }
    }
    if (depth < 2 && this.chance(depth === 0 ? 0.25 : 0.1)) {
      phrase.relative = this.relativeClause(noun, depth + 1);
    }
    return phrase;
  }

  /** "who/that …" about `head`: the head is the clause's subject or its verb's object. */
  private relativeClause(head: Noun, depth: number): RelativeClause {
    const objectVerbs = TRANSITIVE_VERBS.filter((v) => nounIn(head, v.objects));
    if (objectVerbs.length > 0 && this.chance(0.4)) {
      const verb = this.pick(objectVerbs);
      const subject: Subject = this.chance(0.4)
        ? { type: 'pronoun', pronoun: this.pick(ALL_PRONOUNS) }
        : this.nounSubject((noun) => this.canDo(noun, verb), depth);
      const clause: Clause = {
        subject,
        predicate: this.verbPredicate(verb, depth, 'object'),
        tense: this.tenseFor(verb),
        negated: this.chance(0.15),
      };
      return { gap: 'object', clause };
    }
    const verbs = [...TRANSITIVE_VERBS, ...INTRANSITIVE_VERBS].filter((v) => this.canDo(head, v));
    const adjectives = ADJECTIVES.filter((a) => a.predicate && a.kinds.includes(head.kind));
    const useVerb = verbs.length > 0 && (adjectives.length === 0 || this.chance(0.75));
    if (useVerb) {
      const verb = this.pick(verbs);
      const clause: Clause = {
        subject: null,
        predicate: this.verbPredicate(verb, depth, 'none'),
        tense: this.tenseFor(verb),
        negated: this.chance(0.15),
      };
      return { gap: 'subject', clause };
    }
    const clause: Clause = {
      subject: null,
      predicate: this.copula(this.pick(adjectives)),
      tense: this.pick(SIMPLE_TENSES),
      negated: this.chance(0.15),
    };
    return { gap: 'subject', clause };
  }

  /** People do everything; animals only what `animalSubject` allows; things do nothing. */
  private canDo(noun: Noun, verb: Verb): boolean {
    const kind: NounKind = noun.kind;
    return kind === 'person' || (kind === 'animal' && verb.animalSubject);
  }

  private tenseFor(verb: Verb): Tense {
    return this.pick(verb.progressive ? ALL_TENSES : SIMPLE_TENSES);
  }

  private chance(probability: number): boolean {
    return this.random.next() < probability;
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.random.int(items.length)] as T;
  }

  private weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.random.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}
