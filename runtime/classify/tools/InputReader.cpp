#include "InputReader.h"

#include "support/Limits.h"

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

template <class Columns> std::optional<Columns> headerColumns(const std::string& line) {
  std::vector<std::string> fields = splitTabs(line);
  Columns c;
  c.a = column(fields, {"text_a", "sentence1", "sentence", "text"});
  if (c.a < 0)
    return std::nullopt;
  c.b = column(fields, {"text_b", "sentence2"});
  c.needed = size_t(std::max(c.a, c.b)) + 1;
  return c;
}

template <class Columns>
bool readTsvLine(const std::string& line, size_t number, const Columns& columns,
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

enum class LineRead { Line, End, TooLong };

// One line of at most `limit` bytes (without its '\n'); a longer one is skipped to its end
// without being kept, so no input can make the reader hold more than `limit` bytes.
LineRead readBoundedLine(std::istream& in, std::string& line, size_t limit) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  bool tooLong = false, any = false;
  for (int c; (c = buf->sbumpc()) != std::char_traits<char>::eof();) {
    any = true;
    if (c == '\n')
      return tooLong ? LineRead::TooLong : LineRead::Line;
    if (line.size() < limit)
      line.push_back(char(c));
    else
      tooLong = true;
  }
  in.setstate(std::ios::eofbit);
  if (tooLong)
    return LineRead::TooLong;
  return any ? LineRead::Line : LineRead::End;
}

} // namespace

bool InputReader::next(InputText& text, InputError& error) {
  error = {};
  std::string line;
  for (;;) {
    const LineRead read = readBoundedLine(in_, line, limits::kTextBytes);
    if (read == LineRead::End)
      return false;
    ++lineNumber_;
    if (read == LineRead::TooLong) {
      error = {lineNumber_, "line is longer than " + std::to_string(limits::kTextBytes >> 20) +
                                " MiB (the limit on one text)"};
      return false;
    }
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (isBlank(line))
      continue;
    if (format_ == Format::Unknown) {
      const size_t first = line.find_first_not_of(" \t");
      format_ = line[first] == '{' ? Format::Jsonl : Format::Tsv;
      if (format_ == Format::Tsv)
        if (std::optional<Columns> header = headerColumns<Columns>(line)) {
          columns_ = *header;
          continue;
        }
    }
    return parseLine(line, text, error);
  }
}

bool InputReader::parseLine(const std::string& line, InputText& text, InputError& error) {
  std::vector<InputText> one;
  const bool ok = format_ == Format::Jsonl ? readJsonLine(line, lineNumber_, one, error)
                                           : readTsvLine(line, lineNumber_, columns_, one, error);
  if (ok)
    text = std::move(one.front());
  return ok;
}

bool readInputs(std::istream& in, std::vector<InputText>& out, InputError& error) {
  InputReader reader(in);
  for (InputText text; reader.next(text, error);)
    out.push_back(std::move(text));
  return error.message.empty();
}

} // namespace bertc::cli
