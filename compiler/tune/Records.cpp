#include "tune/Records.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

namespace bertc::tune {

using Json = nlohmann::ordered_json;

MachineInfo describeThisMachine(int threads, const std::string& target) {
  MachineInfo m;
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      m.cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  m.cores = int(std::thread::hardware_concurrency());
  m.threads = threads;
  m.target = target;
  return m;
}

const char* toString(Status s) {
  switch (s) {
  case Status::Valid:
    return "valid";
  case Status::Rejected:
    return "rejected";
  case Status::Failed:
    break;
  }
  return "failed";
}

namespace {

Json paramsJson(const ScheduleParams& p) {
  Json j = Json::object();
  for (const ScheduleField& f : scheduleFields()) {
    if (f.rule == ScheduleField::Rule::Boolean)
      j[f.name] = f.get(p) != 0;
    else
      j[f.name] = f.get(p);
  }
  return j;
}

ScheduleParams paramsFromJson(const Json& j) {
  ScheduleParams p;
  for (const ScheduleField& f : scheduleFields()) {
    if (!j.contains(f.name) && f.absentInRecords >= 0)
      f.set(p, f.absentInRecords);
    else if (f.rule == ScheduleField::Rule::Boolean)
      f.set(p, j.at(f.name).get<bool>());
    else
      f.set(p, j.at(f.name).get<int>());
  }
  return p;
}

Json machineJson(const MachineInfo& m) {
  return {{"type", "machine"},    {"cpu", m.cpu},       {"cores", m.cores},
          {"threads", m.threads}, {"target", m.target}, {"halide", m.halide}};
}

} // namespace

std::string paramsText(const ScheduleParams& p) {
  return paramsJson(p).dump();
}

std::string recordJson(const Record& r) {
  Json j = {{"type", r.scheduler.empty() ? "candidate" : "baseline"},
            {"seq", r.seq},
            {"kernel", r.kernel},
            {"key", r.key},
            {"algorithm", r.algorithm}};
  if (r.scheduler.empty())
    j["params"] = paramsJson(r.params);
  else
    j["scheduler"] = r.scheduler;
  if (!r.scheduler.empty() && r.hasStart)
    j["start"] = paramsJson(r.params);
  j["rows"] = r.rows;
  j["cold_weights"] = r.coldWeights;
  j["samples_ms"] = r.samplesMs;
  j["median_ms"] = r.medianMs;
  j["status"] = toString(r.status);
  if (!r.detail.empty())
    j["detail"] = r.detail;
  j["max_abs_diff"] = r.maxAbsDiff;
  j["remeasured"] = r.remeasured;
  j["elapsed_s"] = r.elapsedS;
  return j.dump();
}

std::optional<Record> recordFromJson(const std::string& line, std::string& error) {
  try {
    const Json j = Json::parse(line);
    Record r;
    const std::string type = j.at("type").get<std::string>();
    if (type != "candidate" && type != "baseline")
      throw std::runtime_error("unknown record type '" + type + "'");
    r.seq = j.at("seq").get<int>();
    r.kernel = j.at("kernel").get<std::string>();
    r.key = j.at("key").get<std::string>();
    r.algorithm = j.at("algorithm").get<std::string>();
    if (type == "candidate")
      r.params = paramsFromJson(j.at("params"));
    else
      r.scheduler = j.at("scheduler").get<std::string>();
    if (type == "baseline" && j.contains("start")) {
      r.params = paramsFromJson(j.at("start"));
      r.hasStart = true;
    }
    r.rows = j.at("rows").get<int64_t>();
    r.coldWeights = j.value("cold_weights", false); // absent before weights were timed cold
    r.samplesMs = j.at("samples_ms").get<std::vector<double>>();
    r.medianMs = j.at("median_ms").get<double>();
    const std::string status = j.at("status").get<std::string>();
    r.status = status == "valid"      ? Status::Valid
               : status == "rejected" ? Status::Rejected
                                      : Status::Failed;
    r.detail = j.value("detail", "");
    r.maxAbsDiff = j.value("max_abs_diff", 0.0);
    r.remeasured = j.value("remeasured", false);
    r.elapsedS = j.at("elapsed_s").get<double>();
    return r;
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

bool RecordsFile::create(const std::string& path, const MachineInfo& machine, std::string& error) {
  path_ = path;
  machine_ = machine;
  records_.clear();
  out_.open(path, std::ios::trunc);
  out_ << machineJson(machine).dump() << "\n" << std::flush;
  if (!out_) {
    error = path + ": error: cannot write the records file";
    return false;
  }
  return true;
}

bool RecordsFile::load(const std::string& path, std::string& error) {
  path_ = path;
  records_.clear();
  std::ifstream in(path);
  if (!in) {
    error = path + ": error: cannot read the records file";
    return false;
  }
  int lineNo = 0;
  for (std::string line; std::getline(in, line);) {
    ++lineNo;
    if (line.empty())
      continue;
    const std::string where = path + ":" + std::to_string(lineNo) + ": error: ";
    if (lineNo == 1) {
      try {
        const Json j = Json::parse(line);
        if (j.at("type").get<std::string>() != "machine")
          throw std::runtime_error("the first line must describe the machine");
        machine_.cpu = j.at("cpu").get<std::string>();
        machine_.cores = j.at("cores").get<int>();
        machine_.threads = j.at("threads").get<int>();
        machine_.target = j.at("target").get<std::string>();
        machine_.halide = j.value("halide", "14");
      } catch (const std::exception& e) {
        error = where + e.what();
        return false;
      }
      continue;
    }
    std::string why;
    std::optional<Record> r = recordFromJson(line, why);
    if (!r) {
      // A line cut short by an interruption can only be the last one: drop it.
      if (in.peek() == EOF)
        break;
      error = where + why;
      return false;
    }
    records_.push_back(*r);
  }
  if (lineNo == 0) {
    error = path + ": error: empty records file";
    return false;
  }
  out_.open(path, std::ios::app);
  return true;
}

bool RecordsFile::append(const Record& r, std::string& error) {
  records_.push_back(r);
  if (!out_.is_open())
    return true; // in-memory (tests, --from-records)
  out_ << recordJson(r) << "\n" << std::flush;
  if (!out_) {
    error = path_ + ": error: cannot append to the records file";
    return false;
  }
  return true;
}

const Record* bestCandidate(const std::vector<Record>& records,
                            const std::function<bool(const Record&)>& which) {
  const Record* best = nullptr;
  for (const Record& r : records)
    if (r.scheduler.empty() && r.status == Status::Valid && which(r) &&
        (!best || r.medianMs < best->medianMs))
      best = &r;
  return best;
}

std::vector<const Record*> bestPerKernel(const std::vector<Record>& records) {
  // Each key's algorithm is that of its latest record: older ones were timed for code that has
  // since changed, and their entries would only be stale.
  std::vector<std::string> keys;
  std::map<std::string, std::string> algorithmOf;
  for (const Record& r : records) {
    if (!algorithmOf.count(r.key))
      keys.push_back(r.key);
    algorithmOf[r.key] = r.algorithm;
  }
  std::vector<const Record*> best;
  for (const std::string& key : keys) {
    const std::string& algorithm = algorithmOf[key];
    if (const Record* r = bestCandidate(
            records, [&](const Record& c) { return c.key == key && c.algorithm == algorithm; }))
      best.push_back(r);
  }
  return best;
}

} // namespace bertc::tune
