import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import { readRows } from '../../db/data-source';

/** The rarest words a step of the ladder is made of, at most (every word still counts in the score). */
const LADDER_WORDS = 6;
/** With more words than this, the first step asks for every question with the rarest few of them. */
const FIRST_STEP_WORDS = 4;
/** Passes over the words, each leaving the next rarest word out. */
const PASSES = 3;

/** What to look for: the words of a text as known terms (knowledge_question_search_words), and the bounds. */
export interface SimilarSearch {
  /** Each word as the terms it stands for, rarest word first. */
  words: readonly (readonly string[])[];
  /** How many distinct stems the text has (the text's side of the score). */
  stems: number;
  /** Questions on this intervention are candidates too, and score a bonus. */
  intervention: string | null;
  /** The question searched with, which is not its own duplicate. */
  exclude: string | null;
  /** Questions found on their words that are scored, at most. */
  maxText: number;
  /** Questions on the same intervention that are scored, at most. */
  maxIntervention: number;
  interventionBonus: number;
  /** Text score from which a question counts as similar in text. */
  textThreshold: number;
  minScore: number;
  first: number;
}

export interface SimilarCandidate {
  id: string;
  /** Mean of the Dice and overlap coefficients of the shared words, to three decimals. */
  textScore: number;
  /** The text score plus the bonus for the same intervention, at most 1. */
  score: number;
  sameIntervention: boolean;
}

/** A text's words as knowledge_question_search_words gives them: each as the known terms it stands for, rarest first. */
export interface SearchWords {
  words: string[][];
  /** How many distinct stems the text has. */
  stems: number;
}

/** Completions of the word being typed that stand for it, at most (as knowledge_question_search_words). */
const COMPLETIONS = 5;

/**
 * The questions' words in memory, as the full-text search of PostgreSQL would use them: every question
 * that is not merged, with its terms (`tsvector_to_array(search_vector)`), and for every term the questions
 * that hold it. Read at one version of the questions (migration QuestionIndexInApi) and never changed:
 * a newer version is a new index.
 *
 * The search is the one knowledge_question_similar ran as a ladder of index scans: the questions with all
 * of the rarest words, then with ever fewer (the most frequent left out first), until enough are found;
 * then again leaving out the rarest word (duplicates may not share it: another spelling, a compound).
 * In memory, each step is at most one walk over the postings of the step's rarest word, a few table
 * reads per question walked (0.05–0.25 ms per search at national volume, where every word is common),
 * instead of an index scan and a heap fetch per candidate. Where the budget cuts a step short, the
 * questions first in the walk are kept (the word's terms in order, then question ids); PostgreSQL kept
 * those first on disk. Either is arbitrary among equals.
 */
export class QuestionIndex {
  private readonly position = new Map<string, number>();
  private readonly termIds = new Map<string, number>();
  /** The terms by their ids. */
  private readonly termNames: string[] = [];
  /** The term ids of question q: termList[termStart[q]] up to termList[termStart[q + 1]]. */
  private readonly termStart: Int32Array;
  private readonly termList: Int32Array;
  /** The questions holding term t, ascending: postingList[postingStart[t]] up to postingList[postingStart[t + 1]]. */
  private readonly postingStart: Int32Array;
  private readonly postingList: Int32Array;
  private readonly byIntervention = new Map<string, number[]>();
  /** Per question: the walk it was last seen in (so a question is looked at once per step). */
  private readonly seen: Int32Array;
  private walk = 0;
  /** Per question: the words it holds in the search numbered `heldIn` (walks of one search meet it again). */
  private readonly held: Int32Array;
  private readonly heldIn: Int32Array;
  private searches = 0;
  /** Per term, during a search: the words it stands for, as bits (zero otherwise). */
  private readonly wordBits: Int32Array;
  /** knowledge_question_term at the same version: how many questions (merged ones too) hold each term, if any. */
  private readonly vocabulary: Map<string, number>;
  /** Those terms in code point order, for completions. */
  private readonly sortedTerms: string[];

  constructor(
    readonly version: number,
    private readonly ids: readonly string[],
    private readonly interventions: readonly (string | null)[],
    terms: readonly (readonly string[])[],
    vocabulary: Iterable<readonly [term: string, questions: number]> = [],
    /** Questions whose text holds a '<' (an HTML tag may join two of its fields into one token). */
    private readonly tagged: ReadonlySet<string> = new Set(),
  ) {
    this.vocabulary = new Map([...vocabulary].filter(([, questions]) => questions > 0));
    this.sortedTerms = [...this.vocabulary.keys()].sort(byCodePoint);
    const questions = ids.length;
    this.termStart = new Int32Array(questions + 1);
    terms.forEach((list, question) => (this.termStart[question + 1] = this.termStart[question]! + list.length));
    this.termList = new Int32Array(this.termStart[questions]!);
    const counts: number[] = [];
    terms.forEach((list, question) => {
      this.position.set(ids[question]!, question);
      const start = this.termStart[question]!;
      list.forEach((term, i) => {
        let id = this.termIds.get(term);
        if (id === undefined) {
          this.termIds.set(term, (id = counts.push(0) - 1));
          this.termNames.push(term);
        }
        counts[id]! += 1;
        this.termList[start + i] = id;
      });
    });
    this.postingStart = new Int32Array(counts.length + 1);
    counts.forEach((count, term) => (this.postingStart[term + 1] = this.postingStart[term]! + count));
    this.postingList = new Int32Array(this.termList.length);
    const filled = this.postingStart.slice(0, counts.length);
    for (let question = 0; question < questions; question++)
      for (let i = this.termStart[question]!; i < this.termStart[question + 1]!; i++)
        this.postingList[filled[this.termList[i]!]!++] = question;
    interventions.forEach((intervention, question) => {
      if (intervention === null) return;
      const list = this.byIntervention.get(intervention);
      if (list) list.push(question);
      else this.byIntervention.set(intervention, [question]);
    });
    this.seen = new Int32Array(questions);
    this.held = new Int32Array(questions);
    this.heldIn = new Int32Array(questions);
    this.wordBits = new Int32Array(counts.length);
  }

  /**
   * The words of a text as knowledge_question_search_words gives them, from its stems (`to_tsvector` of the
   * text) and, for the word being typed, that word and its stems: each stem as the known term, and the word
   * being typed also as its most frequent completions; terms, words and completions ordered as the function
   * orders them (migration QuestionWordsInCodePointOrder). Null when a stem is not a term any question holds
   * and no completion stands for it: a typing error, whose closest term only the database knows (pg_trgm).
   */
  words(stems: readonly string[], typed: { word: string; stems: readonly string[] } | null): SearchWords | null {
    const distinct = [...new Set(stems)];
    const byStem = new Map<string, { terms: Set<string>; questions: number }>();
    const add = (stem: string, term: string) => {
      let group = byStem.get(stem);
      if (!group) byStem.set(stem, (group = { terms: new Set(), questions: 0 }));
      if (group.terms.has(term)) return;
      group.terms.add(term);
      group.questions += this.vocabulary.get(term)!;
    };
    for (const stem of distinct) if (this.vocabulary.has(stem)) add(stem, stem);
    if (typed) {
      const completions = this.completions(typed.word);
      for (const stem of new Set(typed.stems))
        if (distinct.includes(stem)) for (const term of completions) add(stem, term);
    }
    if (distinct.some((stem) => !byStem.has(stem))) return null;
    const words = [...byStem]
      .sort(([a, x], [b, y]) => x.questions - y.questions || byCodePoint(a, b))
      .map(([, group]) => [...group.terms].sort(byCodePoint));
    return { words, stems: distinct.length };
  }

  /**
   * The words of a question the index holds, as knowledge_question_search_words gives them for it: its
   * terms (its text's stems, as its search vector holds them), each counted without the question itself and
   * left out when no other question holds it, rarest first; and its intervention. Null when the index does
   * not hold it (merged, new or gone: the database answers) or its text holds a tag.
   */
  wordsOfQuestion(id: string): (SearchWords & { intervention: string | null }) | null {
    const question = this.position.get(id);
    if (question === undefined || this.tagged.has(id)) return null;
    const others: [term: string, questions: number][] = [];
    const start = this.termStart[question]!;
    const end = this.termStart[question + 1]!;
    for (let i = start; i < end; i++) {
      const term = this.termNames[this.termList[i]!]!;
      const questions = (this.vocabulary.get(term) ?? 0) - 1;
      if (questions > 0) others.push([term, questions]);
    }
    others.sort(([a, x], [b, y]) => x - y || byCodePoint(a, b));
    return {
      words: others.map(([term]) => [term]),
      stems: end - start,
      intervention: this.interventions[question] ?? null,
    };
  }

  /** The most frequent terms starting with `prefix` (ties in code point order), at most COMPLETIONS. */
  private completions(prefix: string): string[] {
    const { sortedTerms, vocabulary } = this;
    let low = 0;
    let high = sortedTerms.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byCodePoint(sortedTerms[middle]!, prefix) < 0) low = middle + 1;
      else high = middle;
    }
    const matching: string[] = [];
    for (let i = low; i < sortedTerms.length && sortedTerms[i]!.startsWith(prefix); i++) matching.push(sortedTerms[i]!);
    // A stable sort: equally frequent terms stay in code point order.
    return matching.sort((a, b) => vocabulary.get(b)! - vocabulary.get(a)!).slice(0, COMPLETIONS);
  }

  /** The best candidates, best first (ties by id), as knowledge_question_similar_best scored them. */
  search(search: SimilarSearch): SimilarCandidate[] {
    // Each word as the ids of its terms this index knows (a term of merged questions only has none).
    const groups = search.words.map((terms) =>
      terms.map((term) => this.termIds.get(term)).filter((id): id is number => id !== undefined),
    );
    // Per term, the words it stands for as bits (the first 32 words; later ones are counted apart).
    const marked: number[] = [];
    const later = new Map<number, number[]>();
    groups.forEach((terms, group) => {
      for (const term of terms) {
        if (group < 32) {
          if (this.wordBits[term] === 0) marked.push(term);
          this.wordBits[term]! |= 1 << group;
        } else {
          const list = later.get(term);
          if (!list) later.set(term, [group]);
          else if (!list.includes(group)) list.push(group);
        }
      }
    });
    if (this.searches === 0x7fffffff) {
      this.heldIn.fill(0);
      this.searches = 0;
    }
    this.searches += 1;
    try {
      return this.scored(search, groups, later);
    } finally {
      for (const term of marked) this.wordBits[term] = 0;
    }
  }

  /** A new walk number; before the counter would overflow `seen`, it starts again from a clean slate. */
  private nextWalk(): number {
    if (this.walk === 0x7fffffff) {
      this.seen.fill(0);
      this.walk = 0;
    }
    return ++this.walk;
  }

  /** The words a question holds, as bits of the first 32; read once per search (each step walks again). */
  private wordsOf(question: number): number {
    if (this.heldIn[question] === this.searches) return this.held[question]!;
    const { termList, wordBits } = this;
    let held = 0;
    for (let i = this.termStart[question]!, end = this.termStart[question + 1]!; i < end; i++)
      held |= wordBits[termList[i]!]!;
    this.heldIn[question] = this.searches;
    this.held[question] = held;
    return held;
  }

  /** How many of the words a question holds: the bits, and the words after the 32nd. */
  private shared(question: number, held: number, later: Map<number, number[]>): number {
    let count = popcount(held);
    if (later.size > 0) {
      const extra = new Set<number>();
      for (let i = this.termStart[question]!; i < this.termStart[question + 1]!; i++)
        for (const group of later.get(this.termList[i]!) ?? []) extra.add(group);
      count += extra.size;
    }
    return count;
  }

  private scored(search: SimilarSearch, groups: number[][], later: Map<number, number[]>): SimilarCandidate[] {
    const exclude = search.exclude === null ? -1 : (this.position.get(search.exclude) ?? -1);
    const { postingStart, postingList, seen } = this;
    const found = new Map<number, { shared: number; same: boolean }>();

    let total = 0;
    // Ladder steps use the rarest words only (at most PASSES - 1 + LADDER_WORDS of them), all within the bits.
    for (let pass = 0; pass < Math.min(PASSES, groups.length) && total < search.maxText; pass++) {
      // Words before `pass` are left out: a question holding one of them was found in an earlier pass.
      const without = bits(0, pass);
      const ladder = Math.min(LADDER_WORDS, groups.length - pass);
      let probing = ladder > FIRST_STEP_WORDS;
      let depth = Math.min(ladder, FIRST_STEP_WORDS);
      let stricter = 0;
      for (;;) {
        const step = bits(pass, pass + depth);
        const limit = search.maxText - total;
        let added = 0;
        const walk = this.nextWalk();
        walking: for (const term of groups[pass]!) {
          for (let i = postingStart[term]!, end = postingStart[term + 1]!; i < end; i++) {
            if (added >= limit) break walking;
            const question = postingList[i]!;
            if (seen[question] === walk || question === exclude) continue;
            seen[question] = walk;
            const held = this.wordsOf(question);
            if ((held & step) !== step || (stricter !== 0 && (held & stricter) === stricter) || (held & without) !== 0)
              continue;
            added++;
            found.set(question, {
              shared: this.shared(question, held, later),
              same: search.intervention !== null && this.interventions[question] === search.intervention,
            });
          }
        }
        if (probing && total + added >= search.maxText) {
          // Too many with the rarest few: keep these, and look for those with more of the words.
          probing = false;
          depth = ladder;
          continue;
        }
        probing = false;
        total += added;
        if (total >= search.maxText || depth === 1) break;
        stricter = step;
        depth -= 1;
      }
    }
    if (search.intervention !== null) {
      let taken = 0;
      for (const question of this.byIntervention.get(search.intervention) ?? []) {
        if (taken >= search.maxIntervention) break;
        if (question === exclude) continue;
        taken++;
        if (!found.has(question))
          found.set(question, { shared: this.shared(question, this.wordsOf(question), later), same: true });
      }
    }

    // Scores in thousandths, as integers: the same rounding as PostgreSQL's numeric round(…, 3).
    const bonus = Math.round(search.interventionBonus * 1000);
    const candidates: (SimilarCandidate & { points: number })[] = [];
    for (const [question, { shared, same }] of found) {
      const own = this.termStart[question + 1]! - this.termStart[question]!;
      const text = textPoints(shared, own, search.stems);
      const points = Math.min(1000, text + (same ? bonus : 0));
      if ((text >= search.textThreshold * 1000 || same) && points >= search.minScore * 1000)
        candidates.push({
          id: this.ids[question]!,
          textScore: text / 1000,
          score: points / 1000,
          sameIntervention: same,
          points,
        });
    }
    candidates.sort((a, b) => b.points - a.points || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return candidates.slice(0, search.first).map(({ points: _points, ...candidate }) => candidate);
  }
}

/**
 * Code point order, as PostgreSQL's "C" collation (UTF-8 bytes): UTF-16 code unit order but for a character
 * beyond the BMP (a surrogate pair), which comes after every other.
 */
export function byCodePoint(a: string, b: string): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    return xSurrogate === ySurrogate ? x - y : xSurrogate ? 1 : -1;
  }
  return a.length - b.length;
}

/** Bits from..to (exclusive) of the first 32. */
function bits(from: number, to: number): number {
  let mask = 0;
  for (let group = from; group < Math.min(to, 32); group++) mask |= 1 << group;
  return mask;
}

function popcount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/**
 * (Dice + overlap) / 2 of `shared` words between a question with `own` terms and a text with `theirs`
 * stems, in thousandths rounded half up: s(2m + o + t) / (2m(o + t)) with m = min(o, t), in integers.
 */
export function textPoints(shared: number, own: number, theirs: number): number {
  const least = Math.min(own, theirs);
  if (least === 0) return 0;
  const numerator = shared * (2 * least + own + theirs);
  const denominator = 2 * least * (own + theirs);
  return Math.floor((2000 * numerator + denominator) / (2 * denominator));
}

/**
 * Terms joined by spaces (the text search parser never makes one with a space): 3–5× faster to read than
 * arrays. The vocabulary (knowledge_question_term: every term with how many questions hold it, merged ones
 * too, as the words of a text are read) comes once, on one row, in the same statement: at the same version.
 */
const LOAD_SQL = `SELECT v.version::text AS version, q.id, q.intervention_id,
       array_to_string(tsvector_to_array(q.search_vector), ' ') AS terms,
       strpos(q.search_text, '<') > 0 AS tagged,
       CASE WHEN row_number() OVER () = 1 THEN
           (SELECT string_agg(t.term || ' ' || t.questions, ' ') FROM knowledge_question_term t WHERE t.questions > 0)
       END AS vocabulary
  FROM knowledge_question_index_version v
  LEFT JOIN knowledge_question q ON q.status <> 'MERGED'
 ORDER BY q.id`;

interface LoadRow {
  version: string;
  id: string | null;
  intervention_id: string | null;
  terms: string | null;
  tagged: boolean | null;
  vocabulary: string | null;
}

async function load(dataSource: DataSource): Promise<QuestionIndex> {
  const rows = await readRows<LoadRow>(dataSource, LOAD_SQL, []);
  const questions = rows.filter((row) => row.id !== null);
  const vocabulary = (rows.find((row) => row.vocabulary)?.vocabulary ?? '').split(' ');
  const counts: [string, number][] = [];
  for (let i = 0; i + 1 < vocabulary.length; i += 2) counts.push([vocabulary[i]!, Number(vocabulary[i + 1])]);
  return new QuestionIndex(
    Number(rows[0]?.version ?? 0),
    questions.map((row) => row.id!),
    questions.map((row) => row.intervention_id),
    questions.map((row) => (row.terms ? row.terms.split(' ') : [])),
    counts,
    new Set(questions.filter((row) => row.tagged).map((row) => row.id!)),
  );
}

interface Held {
  index?: QuestionIndex;
  loading?: Promise<QuestionIndex>;
  /** The stems of pieces of text (see `stemsOf`), as the database made them. */
  stems: LRUCache<string, readonly string[]>;
}

/** Pieces of text whose stems are kept, at most (a piece is a word, or a few joined by punctuation). */
const STEMMED_PIECES = 50_000;

const held = new WeakMap<DataSource, Held>();

function heldFor(dataSource: DataSource): Held {
  let entry = held.get(dataSource);
  if (!entry) held.set(dataSource, (entry = { stems: new LRUCache({ max: STEMMED_PIECES }) }));
  return entry;
}

/** The index held for a database, whatever its version (the caller checks it against the data), if any. */
export function heldQuestionIndex(dataSource: DataSource): QuestionIndex | undefined {
  return held.get(dataSource)?.index;
}

/**
 * The pieces of a text between spaces, each once. The text search parser never makes a token across a
 * space (but inside an HTML tag, which `stemsOf` leaves to the database), so the stems of a text are the
 * stems of its pieces, each stemmed alone.
 */
export function piecesOf(text: string): string[] {
  return [...new Set(text.split(' ').filter(Boolean))];
}

/**
 * The stems of a text (its pieces' `to_tsvector('dutch', iza_unaccent(piece))` lexemes) as far as the database
 * made them before (`rememberStems`), or null when a piece is new or the text holds a tag. Stemming depends
 * on the database's text search configuration only, which changes with a release (a migration), not while
 * an instance runs.
 */
export function stemsOf(dataSource: DataSource, pieces: readonly string[]): string[] | null {
  const known = held.get(dataSource)?.stems;
  if (!known || pieces.some((piece) => piece.includes('<'))) return null;
  const stems: string[] = [];
  for (const piece of pieces) {
    const lexemes = known.get(piece);
    if (!lexemes) return null;
    stems.push(...lexemes);
  }
  return stems;
}

/** The pieces whose stems are not kept yet: those the database is asked to stem. */
export function unstemmed(dataSource: DataSource, pieces: readonly string[]): string[] {
  const known = held.get(dataSource)?.stems;
  return known ? pieces.filter((piece) => !known.has(piece)) : [...pieces];
}

/** Keeps the stems the database made of pieces of text (an object of piece → lexemes). */
export function rememberStems(dataSource: DataSource, stems: Record<string, string[]> | null): void {
  const known = heldFor(dataSource).stems;
  for (const [piece, lexemes] of Object.entries(stems ?? {})) known.set(piece, lexemes);
}

/**
 * An index of a database at `version` or newer (the version is read from knowledge_question_index_version in
 * the statement that asked): the one held when it is recent enough, else a new one — read once for all
 * searches that ask at the same time, and again when the read in flight started before `version` committed.
 * Versions only grow (each change takes one past the last and past the clock's milliseconds), so an index
 * newer than the words serves them: it holds every question they can name, and more recent ones.
 */
export async function questionIndexAt(dataSource: DataSource, version: number): Promise<QuestionIndex> {
  const entry = heldFor(dataSource);
  for (let reads = 0; ; reads++) {
    if (entry.index && entry.index.version >= version) return entry.index;
    const loading = entry.loading ?? startLoad(dataSource, entry);
    const loaded = await loading;
    // A replica behind the one the words came from may give an older index: it is the best there is.
    if (loaded.version >= version || reads > 0) return loaded;
  }
}

function startLoad(dataSource: DataSource, entry: Held): Promise<QuestionIndex> {
  const loading = load(dataSource).then((index) => {
    if (!entry.index || index.version >= entry.index.version) entry.index = index;
    return index;
  });
  entry.loading = loading;
  const clear = () => {
    if (entry.loading === loading) entry.loading = undefined;
  };
  loading.then(clear, clear);
  return loading;
}
