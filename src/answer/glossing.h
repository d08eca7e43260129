// Glossing: explains, in an answer for a patient, the medical terms it uses. The sentences of an
// answer are quoted from their sources and must stay as they are (the citation check compares
// them byte for byte), so a term is not explained inside the sentence: the block gets an
// ArticleGloss (answer/article.h) beside its text — the term's position in the text, and a
// sentence of a consumer page that defines it (answer/glossary.h), cited like any other sentence
// with its source added to the references. The renderers show it under the block.
//
// Which terms: those of the glossary (jargon with a definition in the corpus's patient pages)
// that a block uses for the first time in the article, reading in order. A term is glossed only
// at its first use; not at all when that first use already explains it ("lymphocytes (a type of
// white blood cell)", or a sentence that opens "Neuroblastoma is ..."), nor when the article
// quotes the glossary's definition itself. Of the candidates, the kMaxGlossesPerArticle most
// specialised (rarest in patient text) are glossed, so that an answer does not turn into a
// glossary.
//
// Thread-safety: pure functions over the values given.
#pragma once

#include <functional>

#include "answer/article.h"
#include "answer/glossary.h"
#include "common/status.h"

namespace evident {

//! At most this many glosses in one article: three explain the hardest words of a ~10-sentence
//! answer without burying it.
constexpr int kMaxGlossesPerArticle = 3;

//! Adds an entry's source to the article's references (or finds it there) and returns its
//! reference number.
using CiteGlossSource = std::function<Result<int>(const GlossaryEntry& entry)>;

//! Glosses the jargon of `article`'s text blocks (see above), then numbers the references in
//! order of first use again (NumberReferencesByFirstUse), since a gloss may cite a new source
//! before a later block does. Errors only when `cite` fails.
Status GlossJargon(const Glossary& glossary, const CiteGlossSource& cite, Article* article);

//! Renumbers `article`'s references in order of first use, reading each block's citations and
//! then its glosses' citations, in order; updates every citation, gloss and `cited_by`.
//! References nobody cites keep their relative order at the end.
void NumberReferencesByFirstUse(Article* article);

}  // namespace evident
