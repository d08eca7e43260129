// EvidenceChart: where each cited source sits by evidence level (rows, strongest on top) and
// year (columns), laid out for the SVG drawn by templates/evidence_chart.mustache. The layout
// is computed here and every text in it is rendered by the template, escaped, so the chart needs
// no markup built in C++. Sources without a year go to a last "n.d." column.
// Thread-safety: pure function.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace evident {

struct EvidenceChart {
  struct Row {
    std::string level;  //!< "guideline"
    std::string label;  //!< "Guideline"
    double y = 0;
    int count = 0;
  };
  struct Tick {
    std::string label;  //!< "2015", or "n.d." for sources without a year
    double x = 0;
  };
  struct Point {
    int n = 0;  //!< reference number
    std::string level;
    double x = 0, y = 0;
    std::string tip;  //!< "[3] Title — Randomised trial, 2015"
  };
  double width = 0, height = 0;
  double plot_left = 0, plot_right = 0, plot_top = 0, plot_bottom = 0;
  std::vector<Row> rows;
  std::vector<Tick> ticks;
  std::vector<Point> points;
  std::string summary;  //!< a sentence describing the chart, for its text alternative
};

//! Lays out the references of an article's JSON (ArticleToJson "references").
EvidenceChart LayoutEvidenceChart(const nlohmann::json& references);

//! A reader's label for an evidence level code of the article JSON: "randomized_trial" ->
//! "Randomised controlled trial" (rank/evidence_level.h), "cited_study" -> "Study cited by the
//! guideline"; other codes are shown as words.
std::string EvidenceLabelFor(const std::string& level);
//! Sort key of an evidence level code, strongest first; unknown codes after the known ones.
int EvidenceSortKey(const std::string& level);

}  // namespace evident
