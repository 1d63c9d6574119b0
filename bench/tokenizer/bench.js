// The Rust library (HF tokenizers through its Node binding), same work as TokenizerBench.cpp:
// encode every line with [CLS]/[SEP] and offsets, `passes` times, single thread
// (TOKENIZERS_PARALLELISM=false, set by run.sh). Prints {"seconds", "bytes", "tokens"}.
'use strict';
const fs = require('fs');
const path = require('path');
const { Tokenizer, WordPiece, bertNormalizer, bertPreTokenizer, templateProcessing } =
  require(path.resolve(__dirname, '../../tests/tokenizer/reference/node_modules/tokenizers'));

(async () => {
  const [vocab, textFile, passesArg] = process.argv.slice(2);
  const model = await WordPiece.fromFile(vocab, { unkToken: '[UNK]', continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 });
  const tokenizer = new Tokenizer(model);
  tokenizer.setNormalizer(bertNormalizer({ cleanText: true, handleChineseChars: true, lowercase: true }));
  tokenizer.setPreTokenizer(bertPreTokenizer());
  tokenizer.setPostProcessor(templateProcessing('[CLS]:0 $A:0 [SEP]:0', '[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1',
    [['[CLS]', tokenizer.tokenToId('[CLS]')], ['[SEP]', tokenizer.tokenToId('[SEP]')]]));
  tokenizer.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  const text = fs.readFileSync(textFile, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l, 'utf8'), 0);
  const passes = Number(passesArg || 1);
  let tokens = 0;
  const start = process.hrtime.bigint();
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < lines.length; i += 1024) {
      const encodings = await tokenizer.encodeBatch(lines.slice(i, i + 1024));
      for (const e of encodings) tokens += e.getLength();
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ seconds, bytes: bytes * passes, tokens }));
})();
