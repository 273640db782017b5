// A main() for benchmark programs: runs the benchmarks with the console reporter, then prints
// each "<case>/ocfs" against "<case>/baseline" from the same run as a ratio of rates.
#ifndef OCFS_BENCHMARKS_RATIO_MAIN_HPP
#define OCFS_BENCHMARKS_RATIO_MAIN_HPP

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>

namespace ocfs_bench {

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run> &runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run &run : runs) {
      if (run.run_type != Run::RT_Iteration || run.iterations == 0) continue;
      std::string name = run.benchmark_name();
      // Rate: bytes/s when the case counts bytes, else operations per second of real time.
      double seconds_per_iteration =
          run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      auto bytes = run.counters.find("bytes_per_second");
      rates_[name] =
          bytes != run.counters.end() ? double(bytes->second) : 1.0 / seconds_per_iteration;
    }
  }

  void PrintRatios() const {
    std::printf("\n%-48s %12s\n", "ratio of ocfs rate to baseline rate", "ratio");
    for (const auto &[name, rate] : rates_) {
      auto slash = name.find("/ocfs");
      if (slash == std::string::npos) continue;
      std::string base = name.substr(0, slash) + "/baseline" + name.substr(slash + 5);
      auto baseline = rates_.find(base);
      if (baseline == rates_.end() || baseline->second == 0) continue;
      std::printf("%-48s %12.3f\n", name.substr(0, slash).c_str(), rate / baseline->second);
    }
  }

 private:
  std::map<std::string, double> rates_;
};

inline int run_with_ratios(int argc, char **argv) {
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
