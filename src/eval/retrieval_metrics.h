// Retrieval metrics: how well one ranked list of document ids finds a question's relevant
// documents. Pure functions; RetrievalEvaluator averages them over a gold set.
// Conventions shared by every function here:
//  - Relevance is binary: a document is relevant iff its id is in `relevant`.
//  - Ranks start at 1. A ranking may repeat an id (e.g. two passages of one document); only the
//    first occurrence counts. A repeat keeps its rank but earns nothing, so a list padded with
//    repeats scores no better than the same list with the repeats left as misses.
//  - With no relevant documents every metric is 0 (they are undefined; the evaluator skips such
//    questions). A cutoff k <= 0 also gives 0.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

namespace evident {

using RelevantSet = std::unordered_set<std::string>;

//! Fraction of the relevant documents found in the first k ranks: |relevant in top k| / |relevant|.
//! When |relevant| > k the best possible value is k / |relevant|.
double RecallAt(const std::vector<std::string>& ranking, const RelevantSet& relevant, int k);

//! Average precision at k as BioASQ Task B defines it since BioASQ 8 (BioASQ "Evaluation
//! measures for Task B", eq. 2.8; see the BioASQ FAQ, Task 8b):
//!   AP@k = sum over ranks i <= k of P@i * rel(i), divided by min(|relevant|, k).
//! The mean over questions is MAP@k (MAP@10 with k = 10, BioASQ's submission limit).
//! Why min(|relevant|, k): TREC's AP divides by |relevant|, which caps AP@10 at 0.25 for a BioASQ
//! question with 40 gold documents; dividing by k (BioASQ 3-7) caps a one-gold question at 0.1.
//! With min(|relevant|, k) a perfect top k scores 1.0 on every question, so questions weigh
//! alike and scores are comparable with the BioASQ leaderboards.
double AveragePrecisionAt(const std::vector<std::string>& ranking, const RelevantSet& relevant,
                          int k);

//! Normalised discounted cumulative gain at k (Jarvelin & Kekalainen 2002) with binary gains and
//! the log2 discount: DCG@k = sum over ranks i <= k of rel(i) / log2(i + 1); the ideal DCG puts
//! min(|relevant|, k) relevant documents at ranks 1.. so a perfect top k scores 1.0.
double NdcgAt(const std::vector<std::string>& ranking, const RelevantSet& relevant, int k);

//! 1 / rank of the first relevant document anywhere in `ranking` (no cutoff); 0 if none.
//! The mean over questions is MRR (Voorhees, TREC-8 QA track, 1999).
double ReciprocalRank(const std::vector<std::string>& ranking, const RelevantSet& relevant);

}  // namespace evident
