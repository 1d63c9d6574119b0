// Drives a compiled model (parity_tiny, from tests/reference/models/tiny.yaml) through the C ABI:
// bad requests must fail with BERTC_ERROR_INPUT and a clear message, and eight threads sharing one
// model, each with its own context, must produce bit-identical outputs.
#include "parity_tiny.h"

#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

namespace {

struct Request {
  int batch, seqLen;
  std::vector<int32_t> ids, types, mask;
};

Request example() {
  Request r{3, 6, {}, {}, {}};
  r.ids = {101, 7592, 2088, 102, 0, 0, 101, 2023, 2003, 1037, 3231, 102, 101, 102, 0, 0, 0, 0};
  r.types = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0};
  r.mask = {1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
  return r;
}

std::vector<float> run(bertc_context* ctx, const Request& r, bool* ok) {
  *ok = bertc_run(ctx, r.batch, r.seqLen, r.ids.data(), r.types.data(), r.mask.data()) == BERTC_OK;
  std::vector<float> out(size_t(r.batch) * size_t(r.seqLen) * 128 + size_t(r.batch) * 130);
  float* p = out.data();
  bertc_get_output(ctx, "binary.logits", p, size_t(r.batch));
  bertc_get_output(ctx, "pooled_output", p + r.batch, size_t(r.batch) * 128);
  bertc_get_output(ctx, "last_hidden_state", p + r.batch * 129,
                   size_t(r.batch) * size_t(r.seqLen) * 128);
  return out;
}

void expectInputError(bertc_context* ctx, const char* what, Request r) {
  int status = bertc_run(ctx, r.batch, r.seqLen, r.ids.data(), r.types.data(), r.mask.data());
  std::printf("%s: status %d: %s\n", what, status, bertc_last_error());
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2)
    return 2;
  bertc_model* model = nullptr;
  if (parity_tiny_load(argv[1], &model) != BERTC_OK) {
    std::printf("load failed: %s\n", bertc_last_error());
    return 1;
  }
  bertc_context* ctx = nullptr;
  bertc_context_create(model, &ctx);

  Request r = example();
  Request tooMany = r;
  tooMany.batch = PARITY_TINY_MAX_BATCH + 1;
  tooMany.ids.resize(size_t(tooMany.batch) * 6, 101);
  tooMany.types.resize(tooMany.ids.size(), 0);
  tooMany.mask.resize(tooMany.ids.size(), 1);
  expectInputError(ctx, "batch over max", tooMany);
  Request empty = r;
  empty.batch = 0;
  expectInputError(ctx, "empty batch", empty);
  Request tooLong{1, PARITY_TINY_MAX_SEQ_LEN + 1, std::vector<int32_t>(129, 101),
                  std::vector<int32_t>(129, 0), std::vector<int32_t>(129, 1)};
  expectInputError(ctx, "too long", tooLong);
  Request badId = r;
  badId.ids[7] = 30522;
  expectInputError(ctx, "id past vocab", badId);
  Request badType = r;
  badType.types[2] = 2;
  expectInputError(ctx, "token type 2", badType);
  Request badMask = r;
  badMask.mask[3] = 2;
  expectInputError(ctx, "mask value 2", badMask);
  Request hole = r;
  hole.mask[4] = 1; // 1 1 1 1 1 0 is fine; make 1 1 1 0 1 0
  hole.mask[3] = 0;
  expectInputError(ctx, "mask with a hole", hole);
  Request none = r;
  std::fill(none.mask.begin() + 12, none.mask.end(), 0);
  expectInputError(ctx, "no real token", none);

  bool ok = false;
  std::vector<float> want = run(ctx, r, &ok);
  std::printf("reference run: %s\n", ok ? "ok" : bertc_last_error());

  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      bertc_context* mine = nullptr;
      bertc_context_create(model, &mine);
      for (int i = 0; i < 10; ++i) {
        bool good = false;
        std::vector<float> got = run(mine, r, &good);
        if (!good || std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) != 0)
          ++mismatches[size_t(t)];
      }
      bertc_context_free(mine);
    });
  for (std::thread& th : threads)
    th.join();
  int total = 0;
  for (int m : mismatches)
    total += m;
  std::printf("8 threads x 10 runs: %d mismatches\n", total);
  // Scratch: after the runs above, more requests allocate nothing new.
  uint64_t before = bertc_scratch_allocations();
  std::printf("scratch blocks after warm-up: %llu\n", static_cast<unsigned long long>(before));
  for (int i = 0; i < 20; ++i)
    run(ctx, r, &ok);
  std::printf("scratch allocations in 20 more runs: %llu\n",
              static_cast<unsigned long long>(bertc_scratch_allocations() - before));
  // The C++ wrapper in the generated header gives the same logits, and throws on bad input.
  bertc::Model cppModel = parity_tiny::load(argv[1]);
  bertc::Context cppCtx(cppModel);
  cppCtx.run(r.batch, r.seqLen, r.ids, r.types, r.mask);
  std::vector<float> logits = cppCtx.output(PARITY_TINY_OUTPUT_BINARY_LOGITS);
  std::printf("C++ wrapper: logits %s\n",
              std::memcmp(logits.data(), want.data(), logits.size() * sizeof(float)) == 0
                  ? "identical"
                  : "differ");
  try {
    cppCtx.run(1, 2, {101, 102}, {0, 5}, {});
  } catch (const bertc::Error& e) {
    std::printf("C++ wrapper throws: status %d: %s\n", e.status(), e.what());
  }
  bertc_context_free(ctx);
  bertc_model_free(model);
  return total == 0 ? 0 : 1;
}
