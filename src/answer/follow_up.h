// Follow-up questions: whether a question leans on the conversation before it ("What about
// kidney toxicity?", "Is it safe in pregnancy?") and, if so, which earlier question gives it its
// topic. The composer then retrieves with the follow-up's own words at full weight and the
// topic's words at a lower weight.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace evident {

//! True if `question` cannot stand alone: it opens with "what about", "how about", "and",
//! "also", refers back with a pronoun ("it", "this", "they", ...), or has at most
//! `kMaxFollowUpContentWords` content words.
bool LooksLikeFollowUp(const std::string& question);

//! The question that sets the topic for a new turn: the latest turn that stood on its own.
//! Empty when the conversation has no turns.
std::string TopicQuestion(const std::vector<ConversationTurn>& turns);

//! How a follow-up is shown: "What about kidney toxicity? (in the context of: What is the role
//! of Lu-177 DOTATATE in liver metastases?)".
std::string ResolvedFollowUp(const std::string& question, const std::string& topic_question);

}  // namespace evident
