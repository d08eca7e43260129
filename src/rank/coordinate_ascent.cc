#include "rank/coordinate_ascent.h"

namespace evident {

CoordinateAscentResult MaximizeByCoordinateAscent(const Objective& objective,
                                                  std::vector<double> start,
                                                  const CoordinateAscentOptions& options) {
  CoordinateAscentResult result;
  result.point = std::move(start);
  result.value = objective(result.point);
  result.evaluations = 1;
  for (int round = 0; round < options.max_rounds; ++round) {
    ++result.rounds;
    bool moved = false;
    for (size_t i = 0; i < result.point.size(); ++i) {
      if (i < options.frozen.size() && options.frozen[i]) continue;
      const double origin = result.point[i];
      double best_value = result.value, best_coordinate = origin;
      for (double step : options.steps) {
        for (double candidate : {origin + step, origin - step}) {
          if (candidate < options.lower_bound || candidate > options.upper_bound) continue;
          result.point[i] = candidate;
          double value = objective(result.point);
          ++result.evaluations;
          if (value > best_value) {
            best_value = value;
            best_coordinate = candidate;
          }
        }
      }
      if (best_value > result.value + options.min_gain) {
        result.point[i] = best_coordinate;
        result.value = best_value;
        moved = true;
      } else {
        result.point[i] = origin;
      }
    }
    if (!moved) break;
  }
  return result;
}

}  // namespace evident
