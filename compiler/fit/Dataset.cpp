#include "fit/Dataset.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace bertc::fit {
namespace {

std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines)
    out += (out.empty() ? "" : "\n") + line;
  return out;
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && space(s.back()))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> splitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos)
      return fields;
    start = tab + 1;
  }
}

// A label name of the head, else a decimal index below numLabels.
std::optional<int> parseLabel(std::string_view field, const HeadSpec& head) {
  field = trim(field);
  for (std::size_t i = 0; i < head.labels.size(); ++i)
    if (field == head.labels[i])
      return int(i);
  if (field.empty() || field.size() > 9 ||
      !std::all_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const long value = std::stol(std::string(field));
  return value < head.numLabels() ? std::optional<int>(int(value)) : std::nullopt;
}

std::string describeLabels(const HeadSpec& head) {
  std::string names;
  for (const std::string& label : head.labels)
    names += (names.empty() ? "" : ", ") + label;
  const std::string range = "an integer in [0, " + std::to_string(head.numLabels()) + ")";
  return names.empty() ? range : "one of " + names + " or " + range;
}

class TsvReader {
public:
  TsvReader(const std::string& name, const HeadSpec& head) : name_(name), head_(head) {}

  Dataset read(std::string_view text) {
    Dataset data;
    data.path = name_;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") // a UTF-8 byte order mark is not part of the header
      text.remove_prefix(3);
    std::int64_t lineNo = 0;
    bool haveHeader = false;
    while (!text.empty()) {
      const std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
      if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
      ++lineNo;
      if (!haveHeader) {
        haveHeader = true;
        if (!readHeader(line, lineNo))
          return data;
        data.pairs = columns_.size() == 3;
        continue;
      }
      readRow(line, lineNo, data);
    }
    if (!haveHeader)
      problems_.push_back(name_ + ":1: empty file; expected a header such as 'sentence<TAB>label'");
    else if (data.examples.empty() && problems_.empty())
      problems_.push_back(name_ + ": no examples after the header");
    return data;
  }

  const std::vector<std::string>& problems() const { return problems_; }

private:
  bool readHeader(std::string_view line, std::int64_t lineNo) {
    for (std::string_view field : splitTabs(line))
      columns_.emplace_back(trim(field));
    const auto isLabel = [](const std::string& c) { return c == "label"; };
    const auto labels = std::count_if(columns_.begin(), columns_.end(), isLabel);
    const bool named = std::none_of(columns_.begin(), columns_.end(),
                                    [](const std::string& c) { return c.empty(); });
    if ((columns_.size() == 2 || columns_.size() == 3) && labels == 1 && named) {
      labelColumn_ =
          std::size_t(std::find_if(columns_.begin(), columns_.end(), isLabel) - columns_.begin());
      return true;
    }
    problems_.push_back(name_ + ":" + std::to_string(lineNo) +
                        ": the header must name 2 or 3 tab-separated columns, one of them "
                        "'label' (e.g. 'sentence<TAB>label' or 'text_a<TAB>text_b<TAB>label'), "
                        "got '" +
                        std::string(line) + "'");
    return false;
  }

  std::string columnList() const {
    std::string list;
    for (const std::string& c : columns_)
      list += (list.empty() ? "" : ", ") + c;
    return list;
  }

  void readRow(std::string_view line, std::int64_t lineNo, Dataset& data) {
    const std::string where = name_ + ":" + std::to_string(lineNo) + ": ";
    std::vector<std::string_view> fields = splitTabs(line);
    if (fields.size() != columns_.size()) {
      problems_.push_back(where + "expected " + std::to_string(columns_.size()) +
                          " tab-separated columns (" + columnList() + "), got " +
                          (line.empty() ? "an empty line" : std::to_string(fields.size())));
      return;
    }
    Example example;
    example.line = lineNo;
    std::vector<std::string*> texts = {&example.textA, &example.textB};
    std::size_t nextText = 0;
    bool ok = true;
    for (std::size_t c = 0; c < fields.size(); ++c) {
      if (c == labelColumn_) {
        if (std::optional<int> label = parseLabel(fields[c], head_)) {
          example.label = *label;
        } else {
          problems_.push_back(where + "label '" + std::string(fields[c]) + "' is not " +
                              describeLabels(head_));
          ok = false;
        }
        continue;
      }
      if (trim(fields[c]).empty()) {
        problems_.push_back(where + "empty text in column '" + columns_[c] + "'");
        ok = false;
      }
      *texts[nextText++] = std::string(fields[c]);
    }
    if (ok)
      data.examples.push_back(std::move(example));
  }

  std::string name_;
  const HeadSpec& head_;
  std::vector<std::string> columns_;
  std::size_t labelColumn_ = 0;
  std::vector<std::string> problems_;
};

} // namespace

std::vector<int> Dataset::labels() const {
  std::vector<int> out;
  out.reserve(examples.size());
  for (const Example& e : examples)
    out.push_back(e.label);
  return out;
}

DatasetError::DatasetError(std::vector<std::string> problems)
    : std::runtime_error(joinLines(problems)), problems_(std::move(problems)) {}

Dataset parseDataset(std::string_view text, const std::string& name, const HeadSpec& head) {
  TsvReader reader(name, head);
  Dataset data = reader.read(text);
  if (!reader.problems().empty())
    throw DatasetError(reader.problems());
  return data;
}

Dataset readDataset(const std::string& path, const HeadSpec& head) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw DatasetError({path + ": cannot open: " + std::strerror(errno)});
  std::ostringstream text;
  text << in.rdbuf();
  return parseDataset(text.str(), path, head);
}

} // namespace bertc::fit
