#include "server/evidence_chart.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "rank/evidence_level.h"

namespace evident {

namespace {

constexpr const char* kCitedStudy = "cited_study";  // a study a guideline sentence cites

constexpr double kWidth = 640;
constexpr double kLabelWidth = 200;  // room for the level labels left of the plot
constexpr double kRowHeight = 34;
constexpr double kTop = 16;
constexpr double kAxisHeight = 34;
constexpr double kRight = 24;
constexpr double kPointSpacing = 22;  // between sources of the same level and year

int NiceStep(int span) {
  for (int step : {1, 2, 5, 10, 20, 25, 50}) {
    if (span / step <= 7) return step;
  }
  return 100;
}

std::string StringField(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int IntField(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
}

}  // namespace

std::string EvidenceLabelFor(const std::string& level) {
  if (auto known = EvidenceLevelFromName(level)) return EvidenceLevelLabel(*known);
  if (level == kCitedStudy) return "Study cited by the guideline";
  if (level.empty()) return "Unclassified";
  std::string label = level;
  std::replace(label.begin(), label.end(), '_', ' ');
  label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

int EvidenceSortKey(const std::string& level) {
  if (auto known = EvidenceLevelFromName(level)) return 2 * EvidenceRank(*known);
  // Its design is not known here, but a guideline relied on it: just below case reports.
  if (level == kCitedStudy) return 2 * EvidenceRank(EvidenceLevel::kCaseReport) + 1;
  return 1000;
}

EvidenceChart LayoutEvidenceChart(const nlohmann::json& references) {
  EvidenceChart chart;
  if (!references.is_array() || references.empty()) return chart;

  // Rows: the levels present, strongest first.
  std::map<std::pair<int, std::string>, EvidenceChart::Row> rows;
  int min_year = 0, max_year = 0;
  bool undated = false;
  for (const auto& ref : references) {
    std::string level = StringField(ref, "evidence_level");
    std::string label = StringField(ref, "evidence_label");
    auto& row = rows[{EvidenceSortKey(level), level}];
    row.level = level;
    row.label = label.empty() ? EvidenceLabelFor(level) : label;
    ++row.count;
    int year = IntField(ref, "year");
    if (year == 0) {
      undated = true;
    } else {
      min_year = min_year == 0 ? year : std::min(min_year, year);
      max_year = std::max(max_year, year);
    }
  }
  chart.width = kWidth;
  chart.plot_left = kLabelWidth;
  chart.plot_right = kWidth - kRight;
  chart.plot_top = kTop;
  chart.plot_bottom = kTop + kRowHeight * static_cast<double>(rows.size());
  chart.height = chart.plot_bottom + kAxisHeight;
  std::map<std::string, double> row_y;
  double y = kTop + kRowHeight / 2;
  for (auto& [key, row] : rows) {
    row.y = y;
    row_y[row.level] = y;
    chart.rows.push_back(row);
    y += kRowHeight;
  }

  // Columns: years on a linear scale, padded by a year each side; "n.d." last if needed.
  double undated_x = chart.plot_right - 16;
  double years_right = undated ? undated_x - 48 : chart.plot_right - 16;
  double years_left = chart.plot_left + 16;
  int lo = min_year, hi = max_year;
  auto year_x = [&](int year) {
    if (hi == lo) return (years_left + years_right) / 2;
    return years_left + (years_right - years_left) * (year - lo) / static_cast<double>(hi - lo);
  };
  if (min_year != 0) {
    int step = NiceStep(hi - lo);
    int first = (lo + step - 1) / step * step;
    if (hi == lo) first = lo;
    for (int t = first; t <= hi; t += step) {
      chart.ticks.push_back({std::to_string(t), year_x(t)});
    }
    if (chart.ticks.empty() || chart.ticks.front().label != std::to_string(lo)) {
      // Always show where the axis starts when the first nice tick is far in.
      if (chart.ticks.empty() || chart.ticks.front().x - year_x(lo) > 40) {
        chart.ticks.insert(chart.ticks.begin(), {std::to_string(lo), year_x(lo)});
      }
    }
  }
  if (undated) chart.ticks.push_back({"n.d.", undated_x});

  // Points; sources sharing a level and year spread sideways around their spot.
  std::map<std::pair<std::string, int>, std::vector<size_t>> cells;
  for (const auto& ref : references) {
    EvidenceChart::Point p;
    p.n = IntField(ref, "n");
    p.level = StringField(ref, "evidence_level");
    int year = IntField(ref, "year");
    p.x = year == 0 ? undated_x : year_x(year);
    p.y = row_y[p.level];
    std::string title = StringField(ref, "title");
    if (title.empty()) title = StringField(ref, "id");
    std::string label = StringField(ref, "evidence_label");
    p.tip = "[" + std::to_string(p.n) + "] " + title + " — " +
            (label.empty() ? EvidenceLabelFor(p.level) : label) +
            (year ? ", " + std::to_string(year) : std::string(", no date"));
    cells[{p.level, year}].push_back(chart.points.size());
    chart.points.push_back(std::move(p));
  }
  for (const auto& [cell, members] : cells) {
    double offset = -kPointSpacing * static_cast<double>(members.size() - 1) / 2;
    for (size_t i : members) {
      chart.points[i].x += offset;
      offset += kPointSpacing;
    }
  }

  // Text alternative: "6 sources: 2 Guideline, 1 Randomized trial, ...; years 2005–2025."
  chart.summary =
      std::to_string(references.size()) + (references.size() == 1 ? " source: " : " sources: ");
  for (size_t i = 0; i < chart.rows.size(); ++i) {
    if (i) chart.summary += ", ";
    chart.summary += std::to_string(chart.rows[i].count) + " " + chart.rows[i].label;
  }
  if (min_year != 0) {
    chart.summary += min_year == max_year ? "; published " + std::to_string(min_year)
                                          : "; published " + std::to_string(min_year) + "–" +
                                                std::to_string(max_year);
  }
  chart.summary += ".";
  return chart;
}

}  // namespace evident
