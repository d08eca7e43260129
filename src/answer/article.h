// Article: the answer to one question, as every renderer (terminal, Markdown, JSON, HTML) shows
// it: guideline section first, then research, every block citing numbered references, each
// reference with its evidence level. Built by AnswerComposer; plain data.
// Thread-safety: plain values.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace evident {

//! A plain-language explanation of a term a block uses, quoted from a consumer source
//! (answer/glossing.h). It is cited like a sentence: `definition` is, byte for byte, a sentence
//! of the passage `passage_id`, which belongs to reference `citation`, and `gloss` is the part
//! of it that explains the term ("a type of white blood cell").
struct ArticleGloss {
  std::string term;  //!< as the block's text writes it: text.substr(begin, end - begin)
  size_t begin = 0;  //!< byte offsets of the term's first use in the block's text
  size_t end = 0;
  std::string gloss;       //!< a substring of `definition`
  std::string definition;  //!< the source sentence, cleaned as the composer cleans sentences
  int citation = 0;        //!< reference number
  std::string passage_id;
};

// Every member has a default, so a brace-init may stop early ({kind, label, text, citations}).
struct ArticleBlock {
  enum class Kind { kParagraph, kBullet, kSubheading };
  Kind kind = Kind::kParagraph;
  std::string label = {};  //!< a bullet's lead-in ("Patient selection"), may be empty
  std::string text = {};
  std::vector<int> citations = {};  //!< reference numbers, in order
  //! The passage the sentence was taken from (its first citation's document); empty for
  //! sub-headings and system text. References are per document, so this is what makes a
  //! sentence checkable against its exact source passage.
  std::string passage_id = {};
  //! For a patient: explanations of jargon the text uses for the first time in the article, by
  //! position in the text; empty otherwise.
  std::vector<ArticleGloss> glosses = {};
};

struct ArticleSection {
  std::string heading;  //!< "From the Guidelines", "From the Research", ...
  std::vector<ArticleBlock> blocks;
};

struct ArticleReference {
  int n = 0;
  std::string id;          //!< document id ("pmid:123", "nci:..."); for a carried-through
                           //!< PubMed reference not in the corpus: "pmid:N" too
  std::string passage_id;  //!< the first passage cited from it; empty for carried-through ones
  //! For a document without a title (most BioASQ abstracts in the corpus), its opening words,
  //! marked: "Untitled abstract: “Neuroblastoma may be treated with …”", and `untitled` set.
  std::string title;
  bool untitled = false;
  std::string source;          //!< journal, issuer or site
  std::string evidence_level;  //!< "guideline", "randomized_trial", ...
  std::string evidence_label;  //!< "Guideline", "Randomised controlled trial", ...
  int year = 0;
  std::optional<int> study_size;
  std::string url;
  std::optional<int> cited_by;  //!< for a reference a guideline sentence cites: that guideline's n
  bool in_corpus = true;        //!< false for carried-through references we do not hold
};

struct DroppedSentence {
  std::string text;
  std::string reason;  //!< why the ClaimVerifier did not accept it
};

//! How an article's prose was written: quoted by the extractive composer, or rewritten by the
//! LLM composer (answer/llm_composer.h), with what its verification kept and dropped.
struct ComposerReport {
  std::string composer = "extractive";  //!< "llm" when the model's sentences were used
  std::string model;                    //!< the model asked; empty if none was
  std::string fallback_reason;  //!< why the extractive article was kept; empty if it was not
  int reply_sentences = 0;      //!< sentences of the model's reply
  int kept = 0;                 //!< of them, supported by their cited passages
  std::vector<DroppedSentence> dropped;
};

//! {"composer": "extractive"} when no model was asked; else also "model", "fallback",
//! "reply_sentences", "kept", "dropped" (a count), "dropped_sentences" ([{text, reason}]) and,
//! on fallback, "fallback_reason".
nlohmann::json ComposerReportToJson(const ComposerReport& report);

struct Article {
  std::string question;           //!< as asked
  std::string resolved_question;  //!< with the conversation's context, if it was a follow-up
  std::string slug;
  std::string audience;  //!< "physician", "nurse", "student", "patient"
  std::string question_type;
  double confidence = 0;
  bool answerable = false;
  std::string last_updated;  //!< ISO date
  std::string conversation_id;
  std::vector<ArticleSection> sections;
  std::vector<ArticleReference> references;
  std::vector<std::string> nearest_topics;  //!< when not answerable: what the corpus does hold
  std::string disclaimer;
  ComposerReport composer;
};

const char* BlockKindName(ArticleBlock::Kind kind);

//! The JSON of `evident ask --json` and `POST /api/ask`.
nlohmann::json ArticleToJson(const Article& article);
//! Markdown with headings, inline [n] citations and a numbered reference list.
std::string RenderMarkdown(const Article& article);
//! Plain text for a terminal, wrapped at `width` columns.
std::string RenderTerminal(const Article& article, int width = 100);

//! URL slug of a question: "What is the role of Dotatate (Somatostatin analog) in liver
//! metastases?" -> "role-of-dotatate-in-liver-metastases". Lower-case ASCII words, leading
//! question words and parenthetical asides dropped, at most 10 words and 150 characters (a
//! longer first word is cut).
std::string Slugify(const std::string& question);

}  // namespace evident
