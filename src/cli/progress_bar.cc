#include "cli/progress_bar.h"

#include <algorithm>
#include <cstdio>

namespace evident::cli {

void ProgressBar::Update(const std::string& phase, double fraction, const std::string& label) {
  if (!enabled_) return;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string line = phase;
  line.resize(std::max<size_t>(line.size(), 9), ' ');
  if (fraction >= 0) {
    constexpr int kWidth = 30;
    int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * kWidth);
    line += " [" + std::string(filled, '=') + (filled < kWidth ? ">" : "") +
            std::string(std::max(0, kWidth - filled - 1), ' ') + "] ";
    char pct[16];
    std::snprintf(pct, sizeof(pct), "%3d%%", static_cast<int>(fraction * 100));
    line += pct;
  }
  char tail[64];
  std::snprintf(tail, sizeof(tail), " %.1f s", seconds);
  std::fprintf(stderr, "\r\033[K%s %s%s", line.c_str(), label.c_str(), tail);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (drawn_) std::fputs("\n", stderr);
  drawn_ = false;
}

std::string WithThousands(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace evident::cli
