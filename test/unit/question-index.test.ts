import {
  byCodePoint,
  QuestionIndex,
  textPoints,
  type SimilarSearch,
} from '../../server/services/research/question-index';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** An index of questions given as their terms (question n has id(n)), with interventions by number. */
function indexOf(questions: string[][], interventions: Record<number, string> = {}): QuestionIndex {
  return new QuestionIndex(
    1,
    questions.map((_, n) => id(n)),
    questions.map((_, n) => interventions[n] ?? null),
    questions,
  );
}

const search = (words: string[][], more: Partial<SimilarSearch> = {}): SimilarSearch => ({
  words,
  stems: words.length,
  intervention: null,
  exclude: null,
  maxText: 100,
  maxIntervention: 50,
  interventionBonus: 0.5,
  textThreshold: 0.2,
  minScore: 0,
  first: 50,
  ...more,
});

describe('textPoints', () => {
  it('is the mean of the Dice and overlap coefficients in thousandths, rounded half up', () => {
    expect(textPoints(1, 2, 3)).toBe(450); // (2/5 + 1/2) / 2
    expect(textPoints(2, 3, 3)).toBe(667); // (4/6 + 2/3) / 2
    expect(textPoints(3, 3, 3)).toBe(1000);
    expect(textPoints(1, 16, 16)).toBe(63); // exactly 0.0625: half up, as PostgreSQL's round
    expect(textPoints(0, 4, 4)).toBe(0);
    expect(textPoints(1, 0, 4)).toBe(0);
  });
});

describe('QuestionIndex.search', () => {
  it('ranks by shared words, then by id, and leaves out the question searched with', () => {
    const index = indexOf([
      ['barrett', 'controle', 'stop'],
      ['barrett', 'controle'],
      ['barrett', 'controle', 'stop', 'laag'],
      ['rugpijn', 'therapie'],
    ]);
    const found = index.search(search([['stop'], ['barrett'], ['controle']], { stems: 3 }));
    expect(found.map((c) => c.id)).toEqual([id(0), id(2), id(1)]);
    expect(found[0]).toEqual({ id: id(0), textScore: 1, score: 1, sameIntervention: false });
    expect(found.map((c) => c.id)).not.toContain(id(3));
    const without = index.search(search([['stop'], ['barrett'], ['controle']], { stems: 3, exclude: id(0) }));
    expect(without.map((c) => c.id)).toEqual([id(2), id(1)]);
  });

  it('counts a word once whichever of its terms a question holds, and a term once for each word it stands for', () => {
    const index = indexOf([['telemonitoring', 'hartfalen'], ['telefoon', 'hartfalen'], ['hartfalen']]);
    // "tele…" being typed stands for two terms; "hartfalen" is also one of the completions of another word.
    const found = index.search(search([['telefoon', 'telemonitoring'], ['hartfalen']], { stems: 2 }));
    expect(found.map((c) => [c.id, c.textScore])).toEqual([
      [id(0), 1],
      [id(1), 1],
      [id(2), 0.833],
    ]);
    const twice = index.search(search([['hartfalen'], ['hartfalen', 'telefoon']], { stems: 2 }));
    expect(twice.find((c) => c.id === id(2))!.textScore).toBe(textPoints(2, 1, 2) / 1000);
  });

  it('scores no more candidates than asked, those with the most of the rarest words first', () => {
    // 30 questions with the common word only, then 5 with the rare word as well.
    const questions = [
      ...Array.from({ length: 30 }, () => ['zorg', 'vraag']),
      ...Array.from({ length: 5 }, () => ['zorg', 'friesland']),
    ];
    const index = indexOf(questions);
    const found = index.search(search([['friesland'], ['zorg']], { maxText: 8, stems: 2 }));
    // The five with both words come first; three more found by the common word fill the budget.
    expect(found.slice(0, 5).map((c) => c.id)).toEqual([30, 31, 32, 33, 34].map(id));
    expect(found).toHaveLength(8);
  });

  it('finds in a later pass the questions that lack the rarest word of the text', () => {
    const index = indexOf([
      ['barrett', 'controle', 'stop', 'friesland'],
      ['barrett', 'controle', 'stop'],
      ['wachttijd', 'friesland'],
    ]);
    const found = index.search(search([['friesland'], ['barrett'], ['controle'], ['stop']], { stems: 4 }));
    expect(found.map((c) => c.id)).toEqual([id(0), id(1), id(2)]);
    expect(found.map((c) => c.textScore)).toEqual([1, 0.929, 0.417]); // (6/7 + 3/3) / 2, (2/6 + 1/2) / 2
  });

  it('adds the questions on the same intervention with a bonus, and filters by score and text threshold', () => {
    const index = indexOf([['barrett', 'controle'], ['endoscopie', 'surveillance'], ['rugpijn']], {
      1: 'intervention-a',
      2: 'intervention-a',
    });
    const found = index.search(
      search([['barrett']], { stems: 1, intervention: 'intervention-a', minScore: 0.3, textThreshold: 0.2 }),
    );
    expect(found).toEqual([
      { id: id(0), textScore: 0.833, score: 0.833, sameIntervention: false },
      { id: id(1), textScore: 0, score: 0.5, sameIntervention: true },
      { id: id(2), textScore: 0, score: 0.5, sameIntervention: true },
    ]);
    const strict = index.search(search([['barrett']], { stems: 1, intervention: 'intervention-a', minScore: 0.6 }));
    expect(strict.map((c) => c.id)).toEqual([id(0)]);
    expect(index.search(search([['barrett']], { stems: 1, first: 0 }))).toEqual([]);
  });

  it('counts words beyond the 32nd in the score', () => {
    const words = Array.from({ length: 40 }, (_, n) => [`w${n}`]);
    const index = indexOf([words.map(([w]) => w!), ['w0', 'w35']]);
    const found = index.search(search(words, { stems: 40 }));
    expect(found.map((c) => [c.id, c.textScore])).toEqual([
      [id(0), 1],
      [id(1), textPoints(2, 2, 40) / 1000],
    ]);
  });

  it('knows nothing of terms it does not hold', () => {
    const index = indexOf([['barrett']]);
    expect(index.search(search([['onbekend']], { stems: 1 }))).toEqual([]);
    expect(index.search(search([], { stems: 0 }))).toEqual([]);
  });
});

describe('QuestionIndex.words', () => {
  /** An index whose vocabulary is given as term → questions holding it (the questions themselves do not matter). */
  const withVocabulary = (vocabulary: Record<string, number>) =>
    new QuestionIndex(1, [], [], [], Object.entries(vocabulary));

  it('gives each stem as its term, rarest word first, ties in code point order', () => {
    const index = withVocabulary({ zorg: 40, hartfalen: 3, thuis: 3, 'e-health': 7 });
    expect(index.words(['zorg', 'thuis', 'hartfalen', 'e-health', 'zorg'], null)).toEqual({
      words: [['hartfalen'], ['thuis'], ['e-health'], ['zorg']],
      stems: 4,
    });
  });

  it('completes the word being typed with its five most frequent terms, counted together', () => {
    const index = withVocabulary({
      tele: 1,
      telefoon: 9,
      telemonitoring: 9,
      teleconsult: 4,
      telezorg: 2,
      telegram: 2,
      televisie: 1,
      hartfalen: 20,
    });
    // "tele" is a term itself, and the five most frequent completions join it (telegram before telezorg,
    // televisie left out); together they are more frequent than hartfalen.
    expect(index.words(['hartfalen', 'tele'], { word: 'tele', stems: ['tele'] })).toEqual({
      words: [['hartfalen'], ['tele', 'teleconsult', 'telefoon', 'telegram', 'telemonitoring', 'telezorg']],
      stems: 2,
    });
    // A word being typed that is no term yet stands for its completions alone.
    expect(index.words(['hartfal'], { word: 'hartfal', stems: ['hartfal'] })).toEqual({
      words: [['hartfalen']],
      stems: 1,
    });
    // The word being typed completes only when its stem is one of the text's (a stop word is not).
    expect(index.words(['hartfalen'], { word: 'tele', stems: [] })).toEqual({ words: [['hartfalen']], stems: 1 });
  });

  it('leaves a word no question holds to the database, which knows the closest term', () => {
    const index = withVocabulary({ hartfalen: 2, vergeten: 0 });
    expect(index.words(['hartfaln'], null)).toBeNull();
    expect(index.words(['hartfalen', 'vergeten'], null)).toBeNull();
    expect(index.words(['hartfaln'], { word: 'hartfaln', stems: ['hartfaln'] })).toBeNull();
    expect(index.words([], null)).toEqual({ words: [], stems: 0 });
  });
});

describe('QuestionIndex.wordsOfQuestion', () => {
  it('gives a question its own terms counted without itself, rarest first, and its intervention', () => {
    const index = new QuestionIndex(
      1,
      [id(0), id(1), id(2)],
      ['intervention-a', null, null],
      [
        ['hartfalen', 'thuis', 'zeldzaam'],
        ['hartfalen', 'thuis'],
        ['hartfalen', '<b'],
      ],
      // Merged questions count in the vocabulary too.
      Object.entries({ hartfalen: 4, thuis: 2, zeldzaam: 1, '<b': 1 }),
      new Set([id(2)]),
    );
    // zeldzaam: no other question holds it. thuis: one other; hartfalen: three others.
    expect(index.wordsOfQuestion(id(0))).toEqual({
      words: [['thuis'], ['hartfalen']],
      stems: 3,
      intervention: 'intervention-a',
    });
    expect(index.wordsOfQuestion(id(1))).toEqual({ words: [['thuis'], ['hartfalen']], stems: 2, intervention: null });
    // Not held (merged, new or gone), or with a tag in its text: the database answers.
    expect(index.wordsOfQuestion(id(9))).toBeNull();
    expect(index.wordsOfQuestion(id(2))).toBeNull();
  });
});

describe('byCodePoint', () => {
  it('orders as PostgreSQL\'s "C" collation: by code point, a character beyond the BMP after every other', () => {
    const sorted = ['zorg', 'e-health', 'Zorg', 'e2e', 'éen', '\u{1F600}', '\uFFFD', 'ehealth', 'e'].sort(byCodePoint);
    expect(sorted).toEqual(['Zorg', 'e', 'e-health', 'e2e', 'ehealth', 'zorg', 'éen', '\uFFFD', '\u{1F600}']);
    expect(Buffer.compare(Buffer.from('\uFFFD'), Buffer.from('\u{1F600}'))).toBe(-1);
  });
});
