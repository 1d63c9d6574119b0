#include "RunnerInput.h"

#include "support/Limits.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

namespace bertc::runner {
namespace {

using Json = nlohmann::ordered_json;

// Reads one [batch][len] integer field; rows are padded with `pad` to the longest.
bool readRows(const Json& j, const char* key, bool required, std::vector<std::vector<int64_t>>& out,
              std::string& error) {
  if (!j.contains(key)) {
    if (required)
      error = std::string("missing \"") + key + "\"";
    return !required;
  }
  const Json& rows = j[key];
  if (!rows.is_array() || rows.empty()) {
    error = std::string("\"") + key + "\" must be a non-empty array of rows";
    return false;
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].is_array()) {
      error = std::string("\"") + key + "\"[" + std::to_string(r) + "] is not an array";
      return false;
    }
    if (rows[r].empty()) {
      error = std::string("\"") + key + "\"[" + std::to_string(r) +
              "] is empty; every row needs at least one token ([CLS])";
      return false;
    }
    std::vector<int64_t> row;
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (!rows[r][c].is_number_integer()) {
        error = std::string("\"") + key + "\"[" + std::to_string(r) + "][" + std::to_string(c) +
                "] is not an integer";
        return false;
      }
      row.push_back(rows[r][c].get<int64_t>());
    }
    out.push_back(std::move(row));
  }
  return true;
}

} // namespace

bool readInputText(const std::string& path, std::string& text, std::string& error) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      error = "cannot open";
      return false;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, size_t(in.gcount()));
    if (text.size() > bertc::limits::kRunnerInputBytes) {
      error = "larger than " + std::to_string(bertc::limits::kRunnerInputBytes >> 20) +
              " MiB (the limit on one input batch)";
      return false;
    }
  }
  if (in.bad()) {
    error = "cannot read";
    return false;
  }
  return true;
}

namespace {

// "line L, column C" of byte offset `at` (1-based, as editors count).
std::string position(const std::string& text, size_t at) {
  at = std::min(at, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < at; ++i, ++column)
    if (text[i] == '\n') {
      ++line;
      column = 0;
    }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

bool parseJson(const std::string& text, Json& j, std::string& error) {
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based: the byte at which parsing stopped.
    std::string what = e.what();
    const size_t detail = what.find(": ", what.find("parse error"));
    error = position(text, e.byte > 0 ? e.byte - 1 : 0) + ": invalid JSON" +
            (detail == std::string::npos ? std::string() : what.substr(detail));
    return false;
  } catch (const Json::exception& e) { // e.g. a number past double's range (7E592)
    error = std::string("invalid JSON: ") + e.what();
    return false;
  }
  if (!j.is_object()) {
    error = "expected a JSON object {\"input_ids\": [[...]], ...}";
    return false;
  }
  return true;
}

} // namespace

bool parseBatch(const std::string& text, Batch& batch, std::string& error) {
  Json j;
  if (!parseJson(text, j, error))
    return false;
  std::vector<std::vector<int64_t>> ids, types, mask;
  if (!readRows(j, "input_ids", true, ids, error) ||
      !readRows(j, "token_type_ids", false, types, error) ||
      !readRows(j, "attention_mask", false, mask, error))
    return false;
  for (auto* other : {&types, &mask}) {
    if (other->empty())
      continue;
    if (other->size() != ids.size()) {
      error = "input_ids, token_type_ids and attention_mask must have the same number of rows";
      return false;
    }
    for (size_t r = 0; r < ids.size(); ++r)
      if ((*other)[r].size() != ids[r].size()) {
        error = "row " + std::to_string(r) +
                ": token_type_ids/attention_mask length differs from "
                "input_ids";
        return false;
      }
  }
  batch.batch = int(ids.size());
  for (const auto& row : ids)
    batch.seqLen = std::max(batch.seqLen, int(row.size()));
  const size_t n = size_t(batch.batch) * size_t(batch.seqLen);
  batch.ids.assign(n, 0);
  batch.types.assign(n, 0);
  batch.mask.assign(n, 0);
  for (size_t r = 0; r < ids.size(); ++r)
    for (size_t c = 0; c < ids[r].size(); ++c) {
      size_t at = r * size_t(batch.seqLen) + c;
      auto clampInt = [](int64_t v) {
        return int32_t(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX));
      };
      batch.ids[at] = clampInt(ids[r][c]);
      batch.types[at] = types.empty() ? 0 : clampInt(types[r][c]);
      batch.mask[at] = mask.empty() ? 1 : clampInt(mask[r][c]);
    }
  return true;
}

} // namespace bertc::runner
