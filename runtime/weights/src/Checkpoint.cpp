#include "weights/Checkpoint.h"

#include "weights/WeightsError.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

namespace bertc::weights {
namespace fs = std::filesystem;

namespace {

bool endsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// PyTorch's formats by their first bytes, whatever the file is called (model.ckpt, say): a zip
// archive ("PK\3\4") or, before torch 1.6, a bare pickle (protocol opcode 0x80). Safetensors
// starts with its little-endian header length, whose high bytes are zero.
bool startsLikePyTorch(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[4] = {};
  in.read(head, 4);
  return (in.gcount() == 4 && std::string_view(head, 4) == std::string_view("PK\3\4", 4)) ||
         (in.gcount() >= 1 && static_cast<unsigned char>(head[0]) == 0x80);
}

// The file a directory's checkpoint is in, in Hugging Face's order of preference.
std::string checkpointInDirectory(const fs::path& dir) {
  for (const char* name :
       {"model.safetensors", "model.safetensors.index.json", "pytorch_model.bin"})
    if (fs::exists(dir / name))
      return (dir / name).string();
  throw WeightsError(dir.string() + ": holds no model.safetensors, model.safetensors.index.json "
                                    "or pytorch_model.bin");
}

// model.safetensors.index.json: {"weight_map": {tensor name: shard file beside the index}}.
Checkpoint::Parts readShardIndex(const std::string& path, bool copy) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw WeightsError(path + ": cannot open");
  const nlohmann::json index = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
    throw WeightsError(path + ": not a sharded checkpoint's index (a JSON object with a "
                              "\"weight_map\" of tensor names to shard files)");
  std::map<std::string, std::vector<std::string>> namesByShard;
  for (const auto& [name, shard] : index["weight_map"].items()) {
    if (!shard.is_string() || fs::path(shard.get<std::string>()).has_parent_path())
      throw WeightsError(path + ": weight_map[\"" + name +
                         "\"] must name a shard file beside the index");
    namesByShard[shard.get<std::string>()].push_back(name);
  }
  Checkpoint::Parts parts;
  for (const auto& [shard, names] : namesByShard) {
    auto file = SafetensorsFile::open((fs::path(path).parent_path() / shard).string(), copy);
    for (const std::string& name : names)
      if (!file->find(name))
        throw WeightsError(path + ": weight_map puts tensor " + name + " in " + shard +
                           ", which does not hold it");
    parts.tensors.insert(parts.tensors.end(), file->tensors().begin(), file->tensors().end());
    parts.bytes += file->size();
    parts.mapped = parts.mapped && file->fileBacked();
    parts.files.push_back(std::move(file));
  }
  return parts;
}

Checkpoint::Parts safetensorsParts(std::shared_ptr<const SafetensorsFile> file) {
  Checkpoint::Parts parts;
  parts.tensors = file->tensors();
  parts.bytes = file->size();
  parts.mapped = file->fileBacked();
  parts.files.push_back(std::move(file));
  return parts;
}

} // namespace

Checkpoint::Checkpoint(std::string source, Parts parts)
    : source_(std::move(source)), files_(std::move(parts.files)),
      storages_(std::move(parts.storages)), tensors_(std::move(parts.tensors)), bytes_(parts.bytes),
      mapped_(parts.mapped) {
  std::sort(tensors_.begin(), tensors_.end(),
            [](const TensorEntry& a, const TensorEntry& b) { return a.name < b.name; });
  for (std::size_t i = 1; i < tensors_.size(); ++i)
    if (tensors_[i].name == tensors_[i - 1].name)
      throw WeightsError(source_ + ": tensor " + tensors_[i].name + " is stored twice");
}

std::shared_ptr<const Checkpoint> Checkpoint::open(const std::string& path, bool copy) {
  const std::string file = fs::is_directory(path) ? checkpointInDirectory(path) : path;
  if (endsWith(file, ".index.json"))
    return std::make_shared<Checkpoint>(path, readShardIndex(file, copy));
  if (endsWith(file, ".bin") || endsWith(file, ".pt") || endsWith(file, ".pth") ||
      startsLikePyTorch(file))
    return std::make_shared<Checkpoint>(path, readTorchCheckpoint(file));
  return std::make_shared<Checkpoint>(path, safetensorsParts(SafetensorsFile::open(file, copy)));
}

std::shared_ptr<const Checkpoint>
Checkpoint::fromSafetensors(std::shared_ptr<const SafetensorsFile> file) {
  const std::string source = file->source();
  return std::make_shared<Checkpoint>(source, safetensorsParts(std::move(file)));
}

const TensorEntry* Checkpoint::find(std::string_view name) const {
  const auto it =
      std::lower_bound(tensors_.begin(), tensors_.end(), name,
                       [](const TensorEntry& t, std::string_view n) { return t.name < n; });
  return it != tensors_.end() && it->name == name ? &*it : nullptr;
}

} // namespace bertc::weights
