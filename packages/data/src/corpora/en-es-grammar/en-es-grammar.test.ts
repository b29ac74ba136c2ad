import { describe, expect, it } from 'vitest';
import { generateEnEsGrammar } from './index';
import { ADJECTIVES, DETERMINERS, NOUNS, type Noun } from './lexicon';
import { renderEnglish } from './render-english';
import { renderSpanish } from './render-spanish';
import type { Clause, NounPhrase, Sentence } from './syntax';
import { INTRANSITIVE_VERBS, TRANSITIVE_VERBS } from './verbs';

const noun = (en: string): Noun => NOUNS.find((n) => n.en[0] === en) as Noun;
const the = DETERMINERS[0];
const a = DETERMINERS.find((d) => d.en[0] === 'a');
const adjective = (en: string) => ADJECTIVES.find((x) => x.en === en);
const verb = (en: string) =>
  [...TRANSITIVE_VERBS, ...INTRANSITIVE_VERBS].find((v) => v.en[0] === en);
const np = (en: string, extra: Partial<NounPhrase> = {}): NounPhrase => ({
  noun: noun(en),
  plural: false,
  determiner: the as NounPhrase['determiner'],
  very: false,
  ...extra,
});
const statement = (...clauses: Clause[]): Sentence => ({
  type: 'statement',
  clauses,
  connectors: clauses.slice(1).map(() => 'and' as const),
});
const both = (sentence: Sentence) => [renderEnglish(sentence), renderSpanish(sentence)];

describe('en-es-grammar rendering', () => {
  it('agrees articles and adjectives in gender and number, adjective after the noun', () => {
    const clause: Clause = {
      subject: { type: 'pronoun', pronoun: 'I' },
      predicate: {
        type: 'verb',
        verb: verb('paint') as never,
        object: np('house', { plural: true, adjective: adjective('red'), very: true }),
      },
      tense: 'past',
      negated: false,
    };
    expect(both(statement(clause))).toEqual([
      'I painted the very red houses.',
      'Pinté las casas muy rojas.',
    ]);
  });

  it('uses the personal a with people and animals, contracting a + el and de + el', () => {
    const clause: Clause = {
      subject: { type: 'pronoun', pronoun: 'she' },
      predicate: { type: 'verb', verb: verb('see') as never, object: np('dog') },
      tense: 'present',
      negated: false,
    };
    const near: Clause = {
      subject: { type: 'pronoun', pronoun: 'we' },
      predicate: {
        type: 'verb',
        verb: verb('sleep') as never,
        phrase: { preposition: 'near', object: np('river') },
      },
      tense: 'future',
      negated: true,
    };
    expect(both(statement(clause, near))).toEqual([
      'She sees the dog and we will not sleep near the river.',
      'Ella ve al perro y no dormiremos cerca del río.',
    ]);
  });

  it('writes "e" for "y" before an /i/ sound and "an" before a vowel', () => {
    const first: Clause = {
      subject: { type: 'nouns', phrases: [np('uncle', { determiner: a as never })] },
      predicate: { type: 'verb', verb: verb('sing') as never },
      tense: 'past',
      negated: false,
    };
    const second: Clause = {
      subject: { type: 'pronoun', pronoun: 'I' },
      predicate: {
        type: 'verb',
        verb: verb('go') as never,
        phrase: { preposition: 'to', object: np('park') },
      },
      tense: 'future',
      negated: false,
    };
    expect(both(statement(first, second))).toEqual([
      'An uncle sang and I will go to the park.',
      'Un tío cantó e iré al parque.',
    ]);
  });

  it('asks yes/no questions with ¿…? and conjugates the progressive with estar', () => {
    const question: Sentence = {
      type: 'question',
      clause: {
        subject: { type: 'pronoun', pronoun: 'you' },
        predicate: {
          type: 'verb',
          verb: verb('look') as never,
          object: np('key', { plural: true }),
        },
        tense: 'past-progressive',
        negated: false,
      },
    };
    expect(both(question)).toEqual([
      'Were you looking for the keys?',
      '¿Estabas buscando las llaves?',
    ]);
  });

  it('renders subject and object relative clauses with agreement inside them', () => {
    const women = np('woman', {
      plural: true,
      relative: {
        gap: 'subject',
        clause: {
          subject: null,
          predicate: { type: 'copula', adjective: adjective('tall') as never, very: false },
          tense: 'past',
          negated: false,
        },
      },
    });
    const book = np('book', {
      relative: {
        gap: 'object',
        clause: {
          subject: { type: 'nouns', phrases: [women] },
          predicate: { type: 'verb', verb: verb('write') as never },
          tense: 'present',
          negated: true,
        },
      },
    });
    const clause: Clause = {
      subject: { type: 'pronoun', pronoun: 'they' },
      predicate: { type: 'verb', verb: verb('buy') as never, object: book },
      tense: 'future',
      negated: false,
      time: 'tomorrow',
    };
    expect(both(statement(clause))).toEqual([
      'They will buy the book that the women who were tall do not write tomorrow.',
      'Comprarán el libro que las mujeres que eran altas no escriben mañana.',
    ]);
  });

  it('makes two joined subjects plural and masculine unless both are feminine', () => {
    const clause = (second: string): Clause => ({
      subject: { type: 'nouns', phrases: [np('girl'), np(second)] },
      predicate: { type: 'copula', adjective: adjective('tall') as never, very: false },
      tense: 'present',
      negated: false,
    });
    expect(both(statement(clause('boy')))).toEqual([
      'The girl and the boy are tall.',
      'La niña y el niño son altos.',
    ]);
    expect(both(statement(clause('queen')))).toEqual([
      'The girl and the queen are tall.',
      'La niña y la reina son altas.',
    ]);
  });
});

describe('en-es-grammar corpus', () => {
  const pairs = generateEnEsGrammar(3000, 5);
  const tokens = (text: string) => text.match(/[\p{L}]+|[^\s\p{L}]/gu) ?? [];

  it('spans 3 to 50+ tokens', () => {
    const lengths = pairs.map((p) => tokens(p.source).length);
    expect(Math.min(...lengths)).toBeLessThanOrEqual(4);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(50);
  });

  it('Spanish is a function of the English (no English sentence gets two translations)', () => {
    const translation = new Map<string, string>();
    for (const { source, target } of [...pairs, ...generateEnEsGrammar(3000, 6)]) {
      expect(translation.get(source) ?? target).toBe(target);
      translation.set(source, target);
    }
  });

  it('questions and only questions get ¿…?, and every sentence starts with a capital', () => {
    for (const { source, target } of pairs) {
      expect(target.startsWith('¿')).toBe(source.endsWith('?'));
      expect(target.endsWith('?')).toBe(source.endsWith('?'));
      expect(/^¿?\p{Lu}/u.test(target)).toBe(true);
      expect(/^\p{Lu}/u.test(source)).toBe(true);
    }
  });

  it('never leaves "a el" or "de el" uncontracted', () => {
    for (const { target } of pairs) expect(target).not.toMatch(/\b(a|de) el\b/);
  });
});
