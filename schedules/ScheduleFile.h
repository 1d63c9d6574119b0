// Schedule files: per target, one entry of ScheduleParams per kernel, keyed by the kernel's
// deduplication key and pinned to the hash of the kernel's algorithm and to the schema version,
// so that an entry never silently outlives the code it was tuned for. Format: docs/schedules.md.
#pragma once

#include "frontend/Diagnostic.h"
#include "manifest/KernelManifest.h"
#include "schedules/ScheduleParams.h"

#include <optional>
#include <string>
#include <vector>

namespace bertc {

constexpr int kScheduleSchema = 1;

struct ScheduleEntry {
  std::string kernel;    // the kernel's name, for people; matching uses `key`
  std::string key;       // the kernel's deduplication key
  std::string algorithm; // algorithm hash the parameters were chosen for
  ScheduleParams params;
  int line = 0; // where the entry starts in its file (1-based), for messages
};

struct ScheduleFile {
  std::string path;
  int schema = kScheduleSchema;
  std::string target; // Halide target string without features like no_runtime
  std::vector<ScheduleEntry> entries;

  const ScheduleEntry* find(const std::string& key) const;
};

// Every problem goes to `errors` (FILE:LINE:COL: error: KEY.PATH: message); nullopt if any.
std::optional<ScheduleFile> loadScheduleFile(const std::string& path,
                                             std::vector<Diagnostic>& errors);
std::string scheduleFileText(const ScheduleFile& file);

// The parameters for `kernel` on `file`'s target: its entry when one matches the key, the
// schema and `algorithmHash`, else the default. `warnings` receives a line for each stale entry,
// and — when `warnMissing` (a file the user chose) — for each kernel without an entry.
ScheduleParams chooseSchedule(const ScheduleFile* file, const KernelSpec& kernel,
                              const std::string& algorithmHash, const std::string& target,
                              bool warnMissing, std::vector<std::string>& warnings);

} // namespace bertc
