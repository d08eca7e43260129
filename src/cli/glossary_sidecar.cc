#include "cli/glossary_sidecar.h"

#include "answer/glossary.h"

namespace evident::cli {

namespace {

class GlossaryFileSidecar : public GenerationSidecar {
 public:
  void Add(const PassageView& p) override {
    builder_.Add({p.passage_id, p.doc_id, p.title, p.text,
                  p.kind == SourceKind::kConsumer || p.audience == "patient"});
  }

  Status Finish(const std::string& build_dir) override {
    return Glossary::Save(builder_.Build(), build_dir + "/" + kGlossaryFileName);
  }

 private:
  GlossaryBuilder builder_;
};

}  // namespace

GenerationSidecarFactory GlossarySidecar() {
  return [] { return std::make_unique<GlossaryFileSidecar>(); };
}

}  // namespace evident::cli
