#include "server/evidence_chart.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

nlohmann::json Ref(int n, const std::string& level, int year) {
  nlohmann::json r = {
      {"n", n}, {"title", "Source " + std::to_string(n)}, {"evidence_level", level}};
  r["year"] = year ? nlohmann::json(year) : nlohmann::json(nullptr);
  return r;
}

TEST(EvidenceChart, RowsAreLevelsStrongestFirst) {
  auto chart = LayoutEvidenceChart(
      nlohmann::json::array({Ref(1, "observational", 2016), Ref(2, "guideline", 2025),
                             Ref(3, "randomized_trial", 2010)}));
  ASSERT_EQ(chart.rows.size(), 3u);
  EXPECT_EQ(chart.rows[0].level, "guideline");
  EXPECT_EQ(chart.rows[1].level, "randomized_trial");
  EXPECT_EQ(chart.rows[1].label, "Randomised controlled trial");
  EXPECT_EQ(chart.rows[2].level, "observational");
  EXPECT_LT(chart.rows[0].y, chart.rows[2].y);
}

TEST(EvidenceChart, YearsRunLeftToRightAndUndatedGoLast) {
  auto chart = LayoutEvidenceChart(nlohmann::json::array(
      {Ref(1, "guideline", 2025), Ref(2, "cited_study", 2005), Ref(3, "narrative_review", 0)}));
  ASSERT_EQ(chart.points.size(), 3u);
  EXPECT_LT(chart.points[1].x, chart.points[0].x);
  EXPECT_GT(chart.points[2].x, chart.points[0].x);
  EXPECT_EQ(chart.ticks.back().label, "n.d.");
  for (const auto& p : chart.points) {
    EXPECT_GE(p.x, chart.plot_left);
    EXPECT_LE(p.x, chart.plot_right);
  }
  EXPECT_EQ(chart.summary,
            "3 sources: 1 Guideline, 1 Study cited by the guideline, 1 Expert opinion / "
            "narrative review; published 2005–2025.");
}

TEST(EvidenceChart, SourcesInOneCellDoNotOverlap) {
  auto chart = LayoutEvidenceChart(
      nlohmann::json::array({Ref(1, "guideline", 2025), Ref(2, "guideline", 2025)}));
  ASSERT_EQ(chart.points.size(), 2u);
  EXPECT_EQ(chart.points[0].y, chart.points[1].y);
  EXPECT_GE(std::abs(chart.points[0].x - chart.points[1].x), 20);
}

TEST(EvidenceChart, LabelFromArticleWinsAndTipNamesSource) {
  auto ref = Ref(4, "randomized_trial", 2019);
  ref["evidence_label"] = "Randomised controlled trial";
  auto chart = LayoutEvidenceChart(nlohmann::json::array({ref}));
  EXPECT_EQ(chart.rows[0].label, "Randomised controlled trial");
  EXPECT_EQ(chart.points[0].tip, "[4] Source 4 — Randomised controlled trial, 2019");
}

TEST(EvidenceChart, NoReferencesNoChart) {
  auto chart = LayoutEvidenceChart(nlohmann::json::array());
  EXPECT_TRUE(chart.points.empty());
  EXPECT_TRUE(chart.rows.empty());
}

}  // namespace
}  // namespace evident
