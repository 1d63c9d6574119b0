// PyTorch's zip checkpoint (torch.save since 1.6): <archive>/data.pkl, the pickle naming each
// tensor's storage, and <archive>/data/<key>, each storage's raw little-endian bytes. The archive
// is read with libzip; the pickle by readTorchPickle, which runs none of it.
#include "weights/Checkpoint.h"
#include "weights/TorchPickle.h"
#include "weights/WeightsError.h"

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <zip.h>

namespace bertc::weights {
namespace {

// The pickle of a state dict is small (names, shapes); a larger one is not a checkpoint.
constexpr zip_uint64_t kMaxPickleBytes = zip_uint64_t(64) << 20;

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

// The first bytes tell the pre-1.6 format (a bare pickle stream) from a zip archive.
void refuseLegacyFormat(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f)
    throw WeightsError(path + ": cannot open");
  unsigned char head[2] = {0, 0};
  const std::size_t n = std::fread(head, 1, 2, f);
  std::fclose(f);
  if (n == 2 && head[0] == 0x80)
    throw WeightsError(path + ": PyTorch's legacy (pre-1.6, non-zip) format, which bertc does not "
                              "read; save it again with a current torch.save, or as safetensors");
}

Zip openZip(const std::string& path) {
  refuseLegacyFormat(path);
  int code = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!z) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw WeightsError(path + ": not a PyTorch zip checkpoint: " + why);
  }
  return Zip(z);
}

// Entry `index` read whole, at most `limit` bytes.
std::unique_ptr<std::byte[]> readEntry(zip_t* z, zip_uint64_t index, zip_uint64_t limit,
                                       const std::string& what, zip_uint64_t& size) {
  zip_stat_t st;
  if (zip_stat_index(z, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    throw WeightsError(what + ": cannot read its size");
  if (st.size > limit)
    throw WeightsError(what + ": " + std::to_string(st.size) + " bytes, more than the " +
                       std::to_string(limit) + " it may hold");
  size = st.size;
  auto bytes = std::make_unique<std::byte[]>(st.size ? st.size : 1);
  zip_file_t* f = zip_fopen_index(z, index, 0);
  zip_int64_t got = f ? zip_fread(f, bytes.get(), st.size) : -1;
  const bool ok = f && got == zip_int64_t(st.size) && zip_fclose(f) == 0;
  if (!ok)
    throw WeightsError(what + ": cannot read (" + zip_strerror(z) + ")");
  return bytes;
}

// The archive's folder: the prefix of its one data.pkl.
std::string archivePrefix(zip_t* z, const std::string& path) {
  std::string prefix;
  int found = 0;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    const std::string name = zip_get_name(z, zip_uint64_t(i), 0);
    const std::string tail = "data.pkl";
    if (name.size() >= tail.size() &&
        name.compare(name.size() - tail.size(), tail.size(), tail) == 0 &&
        (name.size() == tail.size() || name[name.size() - tail.size() - 1] == '/')) {
      prefix = name.substr(0, name.size() - tail.size());
      ++found;
    }
  }
  if (found != 1)
    throw WeightsError(path + ": a PyTorch checkpoint holds one data.pkl; this zip holds " +
                       std::to_string(found));
  return prefix;
}

// A tensor's entry over its storage: contiguous, inside the storage.
TensorEntry tensorEntry(const PickledTensor& t, const std::byte* storage, const std::string& path) {
  const std::string what = path + ": tensor " + t.name;
  std::int64_t elements = 1, stride = 1;
  for (std::size_t d = t.shape.size(); d-- > 0;) {
    if (t.shape[d] != 1 && t.strides[d] != stride)
      throw WeightsError(what + " is not contiguous (strides " + formatShape(t.strides) +
                         " for shape " + formatShape(t.shape) + "); save tensor.contiguous()");
    if (t.shape[d] > 0 && elements > t.storageElements / t.shape[d])
      throw WeightsError(what + ": shape " + formatShape(t.shape) + " exceeds its storage");
    elements *= t.shape[d];
    stride *= t.shape[d];
  }
  if (t.offset > t.storageElements - elements)
    throw WeightsError(what + ": elements " + std::to_string(t.offset) + " .. " +
                       std::to_string(t.offset + elements) + " lie past its storage of " +
                       std::to_string(t.storageElements));
  const std::size_t size = dtypeSize(t.dtype);
  return {t.name, t.dtype, t.shape, storage + std::size_t(t.offset) * size,
          std::size_t(elements) * size};
}

} // namespace

Checkpoint::Parts readTorchCheckpoint(const std::string& path) {
  Zip zip = openZip(path);
  const std::string prefix = archivePrefix(zip.get(), path);
  const auto entry = [&](const std::string& name) {
    const zip_int64_t i = zip_name_locate(zip.get(), (prefix + name).c_str(), 0);
    return i < 0 ? std::optional<zip_uint64_t>() : std::optional<zip_uint64_t>(zip_uint64_t(i));
  };
  zip_uint64_t size = 0;
  if (auto order = entry("byteorder")) {
    auto bytes = readEntry(zip.get(), *order, 16, path + ": byteorder", size);
    if (std::string(reinterpret_cast<const char*>(bytes.get()), size) != "little")
      throw WeightsError(path + ": storages are not little-endian");
  }
  auto pickle =
      readEntry(zip.get(), *entry("data.pkl"), kMaxPickleBytes, path + ": data.pkl", size);
  const std::vector<PickledTensor> pickled =
      readTorchPickle({reinterpret_cast<const char*>(pickle.get()), size}, path + ": data.pkl");

  Checkpoint::Parts parts;
  parts.mapped = false;
  std::map<std::string, std::pair<const std::byte*, DType>> storages;
  for (const PickledTensor& t : pickled) {
    const std::string what = path + ": storage data/" + t.storageKey;
    auto it = storages.find(t.storageKey);
    if (it != storages.end() && it->second.second != t.dtype)
      throw WeightsError(what + " is read as two element types");
    if (it == storages.end()) {
      const std::optional<zip_uint64_t> index = entry("data/" + t.storageKey);
      const std::size_t elementSize = dtypeSize(t.dtype);
      if (!index)
        throw WeightsError(what + " of tensor " + t.name + " is missing");
      if (t.storageElements > (std::int64_t(1) << 40))
        throw WeightsError(what + ": " + std::to_string(t.storageElements) + " elements");
      auto bytes =
          readEntry(zip.get(), *index, zip_uint64_t(t.storageElements) * elementSize, what, size);
      if (size != zip_uint64_t(t.storageElements) * elementSize)
        throw WeightsError(what + " holds " + std::to_string(size) + " bytes, not the " +
                           std::to_string(t.storageElements) + " elements its tensors need");
      parts.bytes += size;
      it = storages.emplace(t.storageKey, std::make_pair(bytes.get(), t.dtype)).first;
      parts.storages.push_back(std::move(bytes));
    }
    parts.tensors.push_back(tensorEntry(t, it->second.first, path));
  }
  return parts;
}

} // namespace bertc::weights
