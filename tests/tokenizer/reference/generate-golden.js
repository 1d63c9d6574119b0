// Generates tests/tokenizer/golden/ from Hugging Face's Rust tokenizers (npm "tokenizers", the
// Node binding of the Rust library), the reference the C++ tokenizer must match.
//
// Re-run (needs node and network access to the npm registry once):
//   cd tests/tokenizer/reference && npm install && node generate-golden.js
//
// Output (all offsets converted from HF's code-point offsets to UTF-8 byte offsets):
//   golden/<variant>.tokenizer.json  BertNormalizer/WordPiece config saved by HF, with model.vocab
//                                    emptied ("vocab_file" names the vocab.txt to put back)
//   golden/<variant>.jsonl           {"text", ["text_b"], ids, tokens, type_ids, offsets}
//   golden/pairs-truncation.jsonl    pairs with truncation: adds "max_length"
//   golden/batch-padding.jsonl       one line per batch: {"texts", "max_length", "encodings"}
'use strict';
const fs = require('fs');
const path = require('path');
const { Tokenizer, WordPiece, bertNormalizer, bertPreTokenizer, templateProcessing } = require('tokenizers');

const root = path.resolve(__dirname, '../../..');
const golden = path.join(root, 'tests/tokenizer/golden');
const vocabs = {
  uncased: 'data/bert-vocab/bert-base-uncased-vocab.txt',
  cased: 'data/bert-vocab/bert-base-cased-vocab.txt',
};

async function build(vocabName, normalizerOptions) {
  const model = await WordPiece.fromFile(path.join(root, vocabs[vocabName]), {
    unkToken: '[UNK]', continuingSubwordPrefix: '##', maxInputCharsPerWord: 100,
  });
  const tokenizer = new Tokenizer(model);
  tokenizer.setNormalizer(bertNormalizer(normalizerOptions));
  tokenizer.setPreTokenizer(bertPreTokenizer());
  const cls = tokenizer.tokenToId('[CLS]'), sep = tokenizer.tokenToId('[SEP]');
  tokenizer.setPostProcessor(templateProcessing('[CLS]:0 $A:0 [SEP]:0',
    '[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1', [['[CLS]', cls], ['[SEP]', sep]]));
  tokenizer.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  return tokenizer;
}

// Code-point offsets (what the Node binding reports) -> UTF-8 byte offsets.
function byteOffsets(text, offsets) {
  const starts = [0];
  for (const ch of text) starts.push(starts[starts.length - 1] + Buffer.byteLength(ch, 'utf8'));
  return offsets.map(([b, e]) => [starts[b], starts[e]]);
}

function record(encoding, text, textB) {
  const offsets = encoding.getOffsets();
  const seq = encoding.getSequenceIds();
  return {
    ids: encoding.getIds(),
    tokens: encoding.getTokens(),
    type_ids: encoding.getTypeIds(),
    attention_mask: encoding.getAttentionMask(),
    offsets: offsets.map((o, i) => {
      if (seq[i] === null || seq[i] === undefined) return [o[0], o[1]];
      return byteOffsets(seq[i] === 1 ? textB : text, [o])[0];
    }),
  };
}

// Deterministic pseudo-random strings over the character classes the rules care about.
function makeRandomTexts(count, seed) {
  let state = seed >>> 0;
  const rand = (n) => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return (state >>> 8) % n; };
  const pools = [
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', ' \t\n\r  ', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
    '\u0000\u0001\u000b\u000c\u001f\u007f\u0085\u00a0\u1680\u2000\u2028\u2029\u202f\u3000\u200b\u200d\ufeff\u00ad\ue000\u0378\ufffd',
    'àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÉÎÕÜÇŠŽčćđğışœÆØÅ', '\u0300\u0301\u0308\u0327\u0323\u0345\u20dd\u0903\u093f',
    'İıßẞﬁﬂﬃǅǄǈΣσςΐΰŉǰ', 'αβγδΑΒΓΔЖжЯяЁё', '中文字漢語日本語한국어ひらがなカタカナ豈',
    '\u{20000}\u{2A6DF}\u{2A700}\u{2B740}\u{2B820}\u{2B920}\u{2CEAF}\u{2F800}\u{30000}\u{F900}\u{FA0E}',
    '😀😁🥰👍🏽👨‍👩‍👧🇫🇷', '–—‘’“”«»…‰†•¿¡、。「」《》', '½²³¼µ°€£¥©®™',
    'ḀṩẛẞỆệǺǻ', 'हिन्दीதமிழ்ไทยعربيעברית', 'ｆｕｌｌｗｉｄｔｈＡＢＣ１２３',
  ];
  const words = ['[MASK]', '[CLS]', '[SEP]', '[UNK]', '[PAD]', '[mask]', '##ing', 'unaffable', 'Hello', 'world', "don't", '3333333'];
  const texts = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    const parts = rand(24);
    for (let j = 0; j < parts; j++) {
      if (rand(8) === 0) { text += words[rand(words.length)]; continue; }
      const pool = Array.from(pools[rand(pools.length)]);
      const run = 1 + rand(4);
      for (let k = 0; k < run; k++) text += pool[rand(pool.length)];
    }
    texts.push(text);
  }
  return texts;
}

const handPicked = [
  '', ' ', 'Hello world!', 'héllo 中文 İstanbul straße ﬁx [MASK]x', 'ǅemal ΣΑΣ σας', 'x[MASK]y[CLS][SEP]', 'x[MA\u0000SK]y',
  'Führer', 'ied 4 ½ months', 'Ⅻ ⅻ ㎏ ﬀ', 'naïve café résumé', 'e\u0301\u0323 a\u0323\u0301', '한국어 텍스트', 'İİİ iİ',
  '\u{2B820}\u{2B81F}\u{2B920}x', 'a'.repeat(100), 'a'.repeat(101), 'é'.repeat(101), '3333333', 'unaffable',
  "Hello, y'all! How are you 😁 ?", 'This is a short sequence.', 'tab\tnew\nline\rcr\u000bvt\u000cff\u0085nel',
  'zero\u200bwidth\u200djoiner\ufeffbom', 'soft\u00adhyphen', 'priv\ue000ate', 'unassigned\u0378x', 'repl\ufffdchar',
  '\u3000ideographic\u3000space', 'Ａｐｐｌｅ １２３', '“quotes” ‘single’ «guillemets»', '¿Qué? ¡Sí!', '$100 €50 £30',
  'हिन्दी भाषा', 'ภาษาไทย', 'العربية', 'עברית', '🇫🇷 👨‍👩‍👧 👍🏽', 'ΐΰ ŉ ǰ', 'K Å Ω', 'Σ', 'ß ẞ',
];

async function main() {
  const llama = fs.readFileSync(path.join(root, 'data/bert-tokenizer-tests/llama.cpp-bert-bge/bert-base-uncased-cases.jsonl'), 'utf8')
    .split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l).text);
  const sst2 = fs.readFileSync(path.join(root, 'data/sst2/dev.tsv'), 'utf8').split('\n').slice(1)
    .filter((l) => l.length > 0).map((l) => l.split('\t')[0]);
  const randomTexts = makeRandomTexts(1200, 20240611);
  const variants = {
    uncased: ['uncased', { cleanText: true, handleChineseChars: true, lowercase: true }],
    cased: ['cased', { cleanText: true, handleChineseChars: true, lowercase: false }],
    'cased-strip-accents': ['cased', { cleanText: true, handleChineseChars: true, lowercase: false, stripAccents: true }],
    'uncased-keep-accents': ['uncased', { cleanText: true, handleChineseChars: true, lowercase: true, stripAccents: false }],
    'uncased-raw': ['uncased', { cleanText: false, handleChineseChars: false, lowercase: true }],
  };
  for (const [name, [vocabName, options]] of Object.entries(variants)) {
    const tokenizer = await build(vocabName, options);
    const file = path.join(golden, `${name}.tokenizer.json`);
    tokenizer.save(file, true);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    saved.model.vocab = {};
    saved.vocab_file = vocabs[vocabName];
    fs.writeFileSync(file, JSON.stringify(saved, null, 2) + '\n');
    const texts = [...handPicked, ...llama, ...(name === 'uncased' || name === 'cased' ? sst2 : []), ...randomTexts];
    const lines = [];
    for (const text of texts) lines.push(JSON.stringify({ text, ...record(await tokenizer.encode(text), text) }));
    // Pairs without truncation.
    for (let i = 0; i + 1 < 200; i += 2) {
      const [a, b] = [texts[i], texts[i + 1]];
      lines.push(JSON.stringify({ text: a, text_b: b, ...record(await tokenizer.encode(a, b), a, b) }));
    }
    fs.writeFileSync(path.join(golden, `${name}.jsonl`), lines.join('\n') + '\n');
    console.log(`${name}: ${lines.length} encodings`);
  }

  // Truncation: singles and pairs at several max lengths.
  const truncLines = [];
  for (const maxLength of [3, 4, 5, 8, 13, 20, 64]) {
    const tokenizer = await build('uncased', { cleanText: true, handleChineseChars: true, lowercase: true });
    tokenizer.setTruncation(maxLength, { strategy: 'LongestFirst' });
    for (let i = 0; i < 120; i++) {
      const a = randomTexts[i], b = randomTexts[(i * 7 + 3) % randomTexts.length];
      truncLines.push(JSON.stringify({ text: a, text_b: b, max_length: maxLength, ...record(await tokenizer.encode(a, b), a, b) }));
      if (maxLength >= 2) truncLines.push(JSON.stringify({ text: a, max_length: maxLength, ...record(await tokenizer.encode(a), a) }));
    }
  }
  fs.writeFileSync(path.join(golden, 'truncation.jsonl'), truncLines.join('\n') + '\n');

  // Batch padding (BatchLongest and Fixed) with truncation.
  const batchLines = [];
  for (const [strategy, maxLength] of [['BatchLongest', 0], ['Fixed', 24], ['BatchLongest', 10]]) {
    const tokenizer = await build('uncased', { cleanText: true, handleChineseChars: true, lowercase: true });
    if (maxLength > 0) tokenizer.setTruncation(maxLength);
    tokenizer.setPadding(strategy === 'Fixed' ? { maxLength: 24, padId: 0, padToken: '[PAD]' } : { padId: 0, padToken: '[PAD]' });
    for (let start = 0; start < 60; start += 6) {
      const texts = randomTexts.slice(start, start + 6);
      const encodings = await tokenizer.encodeBatch(texts);
      batchLines.push(JSON.stringify({ strategy, fixed_length: strategy === 'Fixed' ? 24 : 0, max_length: maxLength, texts,
        encodings: encodings.map((e, i) => record(e, texts[i])) }));
    }
  }
  fs.writeFileSync(path.join(golden, 'batch-padding.jsonl'), batchLines.join('\n') + '\n');
  console.log(`truncation: ${truncLines.length}, batches: ${batchLines.length}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
