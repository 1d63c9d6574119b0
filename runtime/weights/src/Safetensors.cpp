#include "weights/Safetensors.h"

#include "weights/WeightsError.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <nlohmann/json.hpp>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "safetensors data is little-endian; the loader reads it in place");

namespace bertc::weights {

namespace {

using nlohmann::json;

// The reference implementation refuses larger headers; so do we, before parsing anything.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

std::uint64_t readLittleEndian64(const std::byte* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | static_cast<std::uint64_t>(p[i]);
  return v;
}

// A parsed header entry, before its offsets become pointers.
struct RawEntry {
  TensorEntry entry;
  std::uint64_t begin = 0, end = 0;
};

// Checks one header entry; returns an empty string when it is valid.
std::string parseEntry(const std::string& name, const json& value, std::uint64_t dataBytes,
                       RawEntry& out) {
  const std::string where = "tensor " + name + ": ";
  if (!value.is_object())
    return where + "entry is not a JSON object";
  const auto dtype = value.find("dtype");
  if (dtype == value.end() || !dtype->is_string())
    return where + "\"dtype\" must be a string";
  const std::optional<DType> parsed = parseDType(dtype->get_ref<const std::string&>());
  if (!parsed)
    return where + "unknown dtype " + dtype->dump();
  out.entry.dtype = *parsed;

  const auto shape = value.find("shape");
  if (shape == value.end() || !shape->is_array())
    return where + "\"shape\" must be an array of non-negative integers";
  // Element count times element size, in bytes, refusing anything that overflows 64 bits.
  std::uint64_t bytes = dtypeSize(*parsed);
  for (const json& dim : *shape) {
    if (!dim.is_number_unsigned())
      return where + "\"shape\" must be an array of non-negative integers";
    const std::uint64_t d = dim.get<std::uint64_t>();
    if (d > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
        __builtin_mul_overflow(bytes, d, &bytes))
      return where + "shape " + shape->dump() + " is too large";
    out.entry.shape.push_back(static_cast<std::int64_t>(d));
  }

  const auto offsets = value.find("data_offsets");
  if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2 ||
      !(*offsets)[0].is_number_unsigned() || !(*offsets)[1].is_number_unsigned())
    return where + "\"data_offsets\" must be [begin, end], two non-negative integers";
  out.begin = (*offsets)[0].get<std::uint64_t>();
  out.end = (*offsets)[1].get<std::uint64_t>();
  const std::string range =
      "data_offsets [" + std::to_string(out.begin) + ", " + std::to_string(out.end) + "]";
  if (out.begin > out.end)
    return where + range + " end before they begin";
  if (out.end > dataBytes)
    return where + range + " exceed the " + std::to_string(dataBytes) + " bytes of data";
  if (out.end - out.begin != bytes)
    return where + "shape " + formatShape(out.entry.shape) + " " + std::string(dtypeName(*parsed)) +
           " needs " + std::to_string(bytes) + " bytes, " + range + " hold " +
           std::to_string(out.end - out.begin);
  out.entry.bytes = bytes;
  return "";
}

std::string parseMetadata(const json& value, std::map<std::string, std::string>& out) {
  if (value.is_null())
    return "";
  if (!value.is_object())
    return "__metadata__ must be an object of strings";
  for (const auto& [key, v] : value.items()) {
    if (!v.is_string())
      return "__metadata__ must be an object of strings (\"" + key + "\" is not)";
    out[key] = v.get<std::string>();
  }
  return "";
}

} // namespace

std::int64_t TensorEntry::elements() const {
  std::int64_t n = 1;
  for (std::int64_t d : shape)
    n *= d;
  return n;
}

SafetensorsFile::SafetensorsFile(std::string source, const std::byte* bytes, std::size_t size,
                                 bool mapped)
    : source_(std::move(source)), bytes_(bytes), size_(size), mapped_(mapped) {}

SafetensorsFile::~SafetensorsFile() {
  if (mapped_)
    munmap(const_cast<std::byte*>(bytes_), size_);
}

namespace {

// size bytes of fd into fresh read-only private memory; nullptr with errno set on failure.
void* readIntoMemory(int fd, std::size_t size) {
  void* addr = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (addr == MAP_FAILED)
    return nullptr;
  auto* bytes = static_cast<char*>(addr);
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = ::pread(fd, bytes + done, size - done, off_t(done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      const int error = n == 0 ? EIO : errno; // n == 0: the file shrank while being read
      munmap(addr, size);
      errno = error;
      return nullptr;
    }
    done += std::size_t(n);
  }
  mprotect(addr, size, PROT_READ);
  return addr;
}

} // namespace

std::shared_ptr<const SafetensorsFile> SafetensorsFile::open(const std::string& path, bool copy) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw WeightsError(path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw WeightsError(path + ": not a regular file");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  void* addr = nullptr;
  if (size >= 8) { // mmap refuses length 0; anything shorter fails parse() below anyway
    addr = copy ? readIntoMemory(fd, size) : mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (addr == MAP_FAILED || addr == nullptr) {
      const int error = errno;
      ::close(fd);
      throw WeightsError(path + (copy ? ": cannot read: " : ": cannot map: ") +
                         std::strerror(error));
    }
  }
  // Pages handed back (WeightSet::releasePages) must stay out when a neighbouring tensor is read:
  // without this a kernel keeping the file's page cache in large folios maps a whole folio (up
  // to 2 MB) per fault, and reading bert-base's biases brought ~60 MB of released weights back.
  if (addr && !copy)
    madvise(addr, size, MADV_NOHUGEPAGE); // advice only
  // The mapping keeps the file.
  ::close(fd);
  std::shared_ptr<SafetensorsFile> file(
      new SafetensorsFile(path, static_cast<const std::byte*>(addr), size, addr != nullptr));
  file->fileBacked_ = addr != nullptr && !copy;
  file->parse();
  return file;
}

std::shared_ptr<const SafetensorsFile>
SafetensorsFile::fromBuffer(const void* bytes, std::size_t size, std::string source) {
  std::shared_ptr<SafetensorsFile> file(
      new SafetensorsFile(std::move(source), static_cast<const std::byte*>(bytes), size, false));
  file->parse();
  return file;
}

const TensorEntry* SafetensorsFile::find(std::string_view name) const {
  const auto it =
      std::lower_bound(tensors_.begin(), tensors_.end(), name,
                       [](const TensorEntry& t, std::string_view n) { return t.name < n; });
  return it != tensors_.end() && it->name == name ? &*it : nullptr;
}

void SafetensorsFile::parse() {
  const std::string prefix = source_ + ": ";
  if (size_ < 8)
    throw WeightsError(prefix + "file is " + std::to_string(size_) +
                       " bytes, too short for a safetensors header length");
  const std::uint64_t headerBytes = readLittleEndian64(bytes_);
  if (headerBytes > size_ - 8)
    throw WeightsError(prefix + "header length " + std::to_string(headerBytes) + " exceeds the " +
                       std::to_string(size_ - 8) + " bytes that follow it");
  if (headerBytes > kMaxHeaderBytes)
    throw WeightsError(prefix + "header length " + std::to_string(headerBytes) +
                       " exceeds the limit of " + std::to_string(kMaxHeaderBytes));
  const char* headerText = reinterpret_cast<const char*>(bytes_ + 8);
  json header;
  try {
    header = json::parse(headerText, headerText + headerBytes);
  } catch (const json::parse_error& e) {
    throw WeightsError(prefix + "header is not valid JSON (at byte " + std::to_string(e.byte) +
                       " of the header)");
  } catch (const json::out_of_range&) { // a number literal beyond double (found by fuzzing)
    throw WeightsError(prefix + "header is not valid JSON (a number is out of range)");
  }
  if (!header.is_object())
    throw WeightsError(prefix + "header is not a JSON object");

  const std::byte* data = bytes_ + 8 + headerBytes;
  const std::uint64_t dataBytes = size_ - 8 - headerBytes;
  std::vector<std::string> problems;
  std::vector<RawEntry> entries;
  for (const auto& [name, value] : header.items()) { // sorted by name: nlohmann keeps a std::map
    if (name == "__metadata__") {
      if (std::string problem = parseMetadata(value, metadata_); !problem.empty())
        problems.push_back(prefix + problem);
      continue;
    }
    RawEntry raw;
    raw.entry.name = name;
    if (std::string problem = parseEntry(name, value, dataBytes, raw); !problem.empty())
      problems.push_back(prefix + problem);
    else
      entries.push_back(std::move(raw));
  }

  // Two tensors sharing bytes would alias silently; the reference writer never produces that.
  std::vector<const RawEntry*> byOffset;
  for (const RawEntry& e : entries)
    if (e.end > e.begin)
      byOffset.push_back(&e);
  std::sort(byOffset.begin(), byOffset.end(),
            [](const RawEntry* a, const RawEntry* b) { return a->begin < b->begin; });
  for (std::size_t i = 1; i < byOffset.size(); ++i)
    if (byOffset[i]->begin < byOffset[i - 1]->end)
      problems.push_back(prefix + "tensors " + byOffset[i - 1]->entry.name + " and " +
                         byOffset[i]->entry.name + " overlap in the data");
  if (!problems.empty())
    throw WeightsError(std::move(problems));

  for (RawEntry& e : entries) {
    e.entry.data = data + e.begin;
    tensors_.push_back(std::move(e.entry));
  }
}

} // namespace bertc::weights
