// ProgressBar: a one-line progress display on a terminal ("indexing [=====>    ] 52% 12,345
// docs 3.1 s"). Does nothing when disabled, so callers need not check for a terminal.
// Thread-safety: call from one thread.
#pragma once

#include <chrono>
#include <string>

namespace evident::cli {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ~ProgressBar() { Finish(); }

  //! `fraction` in [0, 1], or negative when unknown (then no bar, only the label).
  void Update(const std::string& phase, double fraction, const std::string& label);
  //! Ends the line (once).
  void Finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

//! 1234567 -> "1,234,567"
std::string WithThousands(long long n);

}  // namespace evident::cli
