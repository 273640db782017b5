// A main() for benchmark programs: runs the benchmarks with the console reporter, then prints
// each "<case>/ocfs" against "<case>/baseline" from the same run as a ratio, with the goal the
// case is held to (reported, never asserted).
//
// What is compared is declared next to the benchmarks with ocfs_bench::compare(): the rate (bytes
// per second when the case counts bytes, else operations per second), the real time per
// iteration, or a user counter; a case nobody declared is compared by rate, without a goal.
// ocfs_bench::growth() declares a row that compares one counter between two cases (the cost of
// the same work at a larger scale), ours and the baseline's side by side.
//
// When both sides report the counter "process_cpu_us" (the process's CPU time per iteration), the
// "CPU" column gives ours / the baseline's: the cost of the same work whatever the scheduler did.
//
// With --benchmark_repetitions=N each side's value is the median of its repetitions (also with
// --benchmark_display_aggregates_only, from the median Google Benchmark reports). When the
// environment variable OCFS_BENCH_TABLE names a file, the rows are also appended to it as tab-
// separated lines (scripts/bench.sh builds its summary table from them).
#ifndef OCFS_BENCHMARKS_RATIO_MAIN_HPP
#define OCFS_BENCHMARKS_RATIO_MAIN_HPP

#include <benchmark/benchmark.h>

#include <time.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ocfs_bench {

enum class Goal {
  kNone,
  kRatioAtLeast,  // ours / baseline >= limit
  kRatioAtMost,   // ours / baseline <= limit
  kExtraAtMost,   // ours - baseline <= limit
  kOursAtMost,    // ours <= limit (growth rows)
};

struct Comparison {
  std::string name;    // "<name>/ocfs" against "<name>/baseline"
  std::string metric;  // "rate", "time" (real time per iteration) or a counter's name
  std::string unit;    // how the values are printed, after multiplying by `scale`
  double scale = 1;
  Goal goal = Goal::kNone;
  double limit = 0;
  std::string large;  // growth rows: the metric in `large` divided by the one in `name`
};

inline std::vector<Comparison> &comparisons() {
  static std::vector<Comparison> list;
  return list;
}

// Declares a comparison (at namespace scope: `[[maybe_unused]] const bool x = compare({...});`).
inline bool compare(Comparison comparison) {
  comparisons().push_back(std::move(comparison));
  return true;
}

inline bool growth(const std::string &label, const std::string &small, const std::string &large,
                   const std::string &counter, double limit) {
  Comparison row;
  row.name = small;
  row.large = large;
  row.metric = counter;
  row.unit = label;
  row.goal = Goal::kOursAtMost;
  row.limit = limit;
  return compare(row);
}

inline uint64_t clock_ns(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1000000000u + static_cast<uint64_t>(now.tv_nsec);
}

// The CPU time of the whole process (every thread: the client, the peer, the library's own) while
// it lives, reported per iteration as the counter "process_cpu_us". Declared right before the
// timed loop, it ends right after it, before the clients and the peer are torn down.
class ProcessCpu {
 public:
  explicit ProcessCpu(benchmark::State &state)
      : state_(state), start_(clock_ns(CLOCK_PROCESS_CPUTIME_ID)) {}
  ~ProcessCpu() {
    double us = double(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - start_) / 1e3;
    state_.counters["process_cpu_us"] = benchmark::Counter(us, benchmark::Counter::kAvgIterations);
  }
  ProcessCpu(const ProcessCpu &) = delete;
  ProcessCpu &operator=(const ProcessCpu &) = delete;

 private:
  benchmark::State &state_;
  uint64_t start_;
};

// Registers the pair "<name>/baseline" and "<name>/ocfs", timed in real time, each running for at
// least `min_time` seconds when that is set (else --benchmark_min_time).
using BenchmarkFunction = void (*)(benchmark::State &);
inline bool register_pair(const std::string &name, BenchmarkFunction baseline,
                          BenchmarkFunction ours, double min_time = 0) {
  for (auto [side, function] : {std::pair<const char *, BenchmarkFunction>{"/baseline", baseline},
                                std::pair<const char *, BenchmarkFunction>{"/ocfs", ours}}) {
    benchmark::internal::Benchmark *b =
        benchmark::RegisterBenchmark((name + side).c_str(), function)->UseRealTime();
    if (min_time > 0) b->MinTime(min_time);
  }
  return true;
}

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run> &runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run &run : runs) {
      if (run.run_type == Run::RT_Iteration) {
        runs_[run.run_name.function_name].push_back(run);
      } else if (run.aggregate_name == "median") {  // all there is with *_aggregates_only
        medians_[run.run_name.function_name].push_back(run);
      }
    }
  }

  void PrintRatios() {
    std::vector<Comparison> rows = comparisons();
    for (const auto &[name, runs] : medians_)
      runs_.try_emplace(name, runs);
    for (const auto &[name, runs] : runs_) {  // undeclared pairs: by rate, no goal
      auto slash = name.rfind("/ocfs");
      if (slash == std::string::npos || slash + 5 != name.size()) continue;
      std::string base = name.substr(0, slash);
      bool declared = std::any_of(rows.begin(), rows.end(), [&](const Comparison &c) {
        return c.name == base && c.large.empty();
      });
      if (!declared) rows.push_back(Comparison{base, "rate", "", 1, Goal::kNone, 0, ""});
    }
    const char *table_path = std::getenv("OCFS_BENCH_TABLE");
    FILE *table = table_path != nullptr ? std::fopen(table_path, "a") : nullptr;
    bool header = false;
    for (const Comparison &row : rows) {
      double ours = 0, base = 0;
      std::string unit = row.unit;
      if (row.large.empty()) {
        ours = value(row.name + "/ocfs", row.metric, unit);
        base = value(row.name + "/baseline", row.metric, unit);
      } else {
        std::string ignored;
        ours = value(row.large + "/ocfs", row.metric, ignored) /
               value(row.name + "/ocfs", row.metric, ignored);
        base = value(row.large + "/baseline", row.metric, ignored) /
               value(row.name + "/baseline", row.metric, ignored);
      }
      if (!(ours > 0) || !(base > 0)) continue;  // not run (filtered out, or failed)
      ours *= row.scale;
      base *= row.scale;
      double ratio = ours / base;
      std::string goal, verdict;
      describe_goal(row, ours, base, ratio, goal, verdict);
      std::string name = row.large.empty() ? row.name : row.large + " vs " + row.name;
      std::string cpu;  // the process's CPU time per iteration, ours / the baseline's
      if (row.large.empty()) {
        std::string ignored;
        double ours_cpu = value(row.name + "/ocfs", "process_cpu_us", ignored);
        double base_cpu = value(row.name + "/baseline", "process_cpu_us", ignored);
        if (ours_cpu > 0 && base_cpu > 0) cpu = number(ours_cpu / base_cpu);
      }
      if (!header) {
        std::printf("\n%-38s %-16s %12s %12s %8s %6s  %-14s %s\n", "case", "metric", "ocfs",
                    "baseline", "ratio", "CPU", "goal", "");
        header = true;
      }
      std::printf("%-38s %-16s %12s %12s %8.3f %6s  %-14s %s\n", name.c_str(), unit.c_str(),
                  number(ours).c_str(), number(base).c_str(), ratio, cpu.c_str(), goal.c_str(),
                  verdict.c_str());
      if (table != nullptr) {
        std::fprintf(table, "%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\n", name.c_str(), unit.c_str(),
                     number(ours).c_str(), number(base).c_str(), ratio, cpu.c_str(), goal.c_str(),
                     verdict.c_str());
      }
    }
    if (table != nullptr) std::fclose(table);
  }

 private:
  // The metric of a case: the median over its repetitions; 0 if it did not run or failed.
  double value(const std::string &name, const std::string &metric, std::string &unit) const {
    auto it = runs_.find(name);
    if (it == runs_.end()) return 0;
    std::vector<double> values;
    for (const Run &run : it->second) {
      if (run.error_occurred || run.iterations == 0) return 0;
      double seconds = run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      if (metric == "rate") {
        auto bytes = run.counters.find("bytes_per_second");
        if (bytes != run.counters.end()) {
          values.push_back(double(bytes->second) / 1e6);
          if (unit.empty()) unit = "MB/s";
        } else {
          values.push_back(1.0 / seconds);
          if (unit.empty()) unit = "ops/s";
        }
      } else if (metric == "time") {
        values.push_back(seconds * 1e6);
        if (unit.empty()) unit = "us";
      } else {
        auto counter = run.counters.find(metric);
        if (counter == run.counters.end()) return 0;
        values.push_back(double(counter->second));
      }
    }
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  static std::string number(double value) {
    char text[32];
    if (value >= 100000 || value < 0.01) {
      std::snprintf(text, sizeof text, "%.3g", value);
    } else if (value >= 100) {
      std::snprintf(text, sizeof text, "%.0f", value);
    } else {
      std::snprintf(text, sizeof text, "%.3g", value);
    }
    return text;
  }

  static void describe_goal(const Comparison &row, double ours, double base, double ratio,
                            std::string &goal, std::string &verdict) {
    char text[64] = {};
    bool met = true;
    switch (row.goal) {
      case Goal::kNone:
        return;
      case Goal::kRatioAtLeast:
        std::snprintf(text, sizeof text, "ratio >= %.2f", row.limit);
        met = ratio >= row.limit;
        break;
      case Goal::kRatioAtMost:
        std::snprintf(text, sizeof text, "ratio <= %.2f", row.limit);
        met = ratio <= row.limit;
        break;
      case Goal::kExtraAtMost:
        std::snprintf(text, sizeof text, "+%s at most", number(row.limit).c_str());
        met = ours - base <= row.limit;
        break;
      case Goal::kOursAtMost:
        std::snprintf(text, sizeof text, "ocfs <= %.2f", row.limit);
        met = ours <= row.limit;
        break;
    }
    goal = text;
    verdict = met ? "met" : "MISSED";
    if (row.goal == Goal::kExtraAtMost) verdict += " (+" + number(ours - base) + ")";
  }

  std::map<std::string, std::vector<Run>> runs_;
  std::map<std::string, std::vector<Run>> medians_;
};

inline int run_with_ratios(int argc, char **argv) {
#ifdef SIGPIPE
  std::signal(SIGPIPE, SIG_IGN);  // raw OpenSSL writes to sockets with write(2)
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios();
  benchmark::Shutdown();
  return 0;
}

}  // namespace ocfs_bench

#define OCFS_BENCHMARK_MAIN()                       \
  int main(int argc, char **argv) {                 \
    return ocfs_bench::run_with_ratios(argc, argv); \
  }

#endif  // OCFS_BENCHMARKS_RATIO_MAIN_HPP
