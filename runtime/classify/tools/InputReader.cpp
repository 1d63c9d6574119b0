#include "InputReader.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace bertc::cli {
namespace {

std::vector<std::string> splitTabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t begin = 0;
  for (size_t tab; (tab = line.find('\t', begin)) != std::string::npos; begin = tab + 1)
    fields.push_back(line.substr(begin, tab - begin));
  fields.push_back(line.substr(begin));
  return fields;
}

bool isBlank(const std::string& line) {
  return std::all_of(line.begin(), line.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

std::string lower(std::string s) {
  for (char& c : s)
    c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Index of the first of `names` among the header's fields, or -1.
int column(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
  for (const char* name : names)
    for (size_t i = 0; i < header.size(); ++i)
      if (lower(header[i]) == name)
        return int(i);
  return -1;
}

struct TsvColumns {
  int a = 0, b = -1;
  size_t needed = 0; // fields a data line must have; 0: no header
};

std::optional<TsvColumns> headerColumns(const std::string& line) {
  std::vector<std::string> fields = splitTabs(line);
  TsvColumns c;
  c.a = column(fields, {"text_a", "sentence1", "sentence", "text"});
  if (c.a < 0)
    return std::nullopt;
  c.b = column(fields, {"text_b", "sentence2"});
  c.needed = size_t(std::max(c.a, c.b)) + 1;
  return c;
}

bool readTsvLine(const std::string& line, size_t number, const TsvColumns& columns,
                 std::vector<InputText>& out, InputError& error) {
  std::vector<std::string> fields = splitTabs(line);
  if (columns.needed == 0) {
    if (fields.size() > 2) {
      error = {number, std::to_string(fields.size()) +
                           " tab-separated fields; expected TEXT or TEXT_A<TAB>TEXT_B (or a "
                           "header line naming a sentence, text or text_a column)"};
      return false;
    }
    out.push_back({fields[0], {}, number});
    if (fields.size() == 2)
      out.back().b = fields[1];
    return true;
  }
  if (fields.size() < columns.needed) {
    error = {number, std::to_string(fields.size()) + " tab-separated fields; the header needs " +
                         std::to_string(columns.needed)};
    return false;
  }
  out.push_back({fields[size_t(columns.a)], {}, number});
  if (columns.b >= 0)
    out.back().b = fields[size_t(columns.b)];
  return true;
}

bool readJsonLine(const std::string& line, size_t number, std::vector<InputText>& out,
                  InputError& error) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    error = {number, "not valid JSON"};
    return false;
  }
  auto text = [&](const char* key) -> const nlohmann::json* {
    return j.is_object() && j.contains(key) && j[key].is_string() ? &j[key] : nullptr;
  };
  if (const nlohmann::json* t = text("text")) {
    out.push_back({t->get<std::string>(), {}, number});
    return true;
  }
  if (const nlohmann::json* a = text("text_a")) {
    out.push_back({a->get<std::string>(), {}, number});
    if (const nlohmann::json* b = text("text_b"))
      out.back().b = b->get<std::string>();
    return true;
  }
  error = {number, R"(expected an object with a string "text", or "text_a" and "text_b")"};
  return false;
}

} // namespace

bool readInputs(std::istream& in, std::vector<InputText>& out, InputError& error) {
  enum class Format { Unknown, Tsv, Jsonl } format = Format::Unknown;
  TsvColumns columns;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (isBlank(line))
      continue;
    if (format == Format::Unknown) {
      const size_t first = line.find_first_not_of(" \t");
      format = line[first] == '{' ? Format::Jsonl : Format::Tsv;
      if (format == Format::Tsv)
        if (std::optional<TsvColumns> header = headerColumns(line)) {
          columns = *header;
          continue;
        }
    }
    bool ok = format == Format::Jsonl ? readJsonLine(line, number, out, error)
                                      : readTsvLine(line, number, columns, out, error);
    if (!ok)
      return false;
  }
  return true;
}

} // namespace bertc::cli
