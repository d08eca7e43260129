// CoordinateAscent: maximises a function of a weight vector by moving one coordinate at a time,
// as Metzler & Croft (2007), "Linear feature-based models for information retrieval", fit the
// weights of a linear ranking function directly against a retrieval metric (which is neither
// smooth nor differentiable). Each round tries, for every free coordinate in turn, a step of each
// size up and down, keeps the best move if it gains more than min_gain, and the search stops
// after a round without a move. Deterministic: the same function and start give the same result.
// Thread-safety: a pure function (it calls `objective` from the calling thread only).
#pragma once

#include <functional>
#include <limits>
#include <vector>

namespace evident {

struct CoordinateAscentOptions {
  std::vector<double> steps = {0.02, 0.05, 0.1, 0.2, 0.5, 1.0};  //!< tried up and down
  int max_rounds = 25;
  double min_gain = 1e-5;  //!< smaller gains count as no gain (metric noise, overfitting)
  //! Coordinates held fixed (e.g. the one weight that sets the scale); missing = free.
  std::vector<bool> frozen;
  double lower_bound = -std::numeric_limits<double>::infinity();
  double upper_bound = std::numeric_limits<double>::infinity();
};

struct CoordinateAscentResult {
  std::vector<double> point;
  double value = 0;
  int rounds = 0;
  int evaluations = 0;
};

using Objective = std::function<double(const std::vector<double>& point)>;

CoordinateAscentResult MaximizeByCoordinateAscent(const Objective& objective,
                                                  std::vector<double> start,
                                                  const CoordinateAscentOptions& options = {});

}  // namespace evident
