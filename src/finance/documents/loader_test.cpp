#include "finance/documents/loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "finance/documents/test_pdf.hpp"

namespace finchat::documents {
namespace {

using test_files::one_page_pdf;

std::filesystem::path write_temp(const std::string& name, const std::string& body) {
  auto p = std::filesystem::temp_directory_path() / ("fund_docs_" + name);
  std::ofstream(p, std::ios::binary) << body;
  return p;
}

TEST(Pdf, ExtractsTextFromGeneratedPdf) {
  auto text = pdf_text(one_page_pdf({"Revenue rose 12 percent"}));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_NE(text->find("Revenue rose 12 percent"), std::string::npos) << *text;
  auto doc = load_document(write_temp("ok.pdf", one_page_pdf({"Hello PDF"})).string());
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->format, Format::pdf);
  EXPECT_NE(doc->text.find("Hello PDF"), std::string::npos);
}

TEST(Pdf, CorruptPdfIsAClearError) {
  auto garbage = load_document(write_temp("bad.pdf", "%PDF-1.4\n garbage garbage").string());
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.error().message.find("PDF"), std::string::npos);
  auto not_pdf = pdf_text("hello");
  ASSERT_FALSE(not_pdf.ok());
  EXPECT_NE(not_pdf.error().message.find("%PDF-"), std::string::npos);
  EXPECT_FALSE(load_document("/nonexistent/file.txt").ok());
}

TEST(Html, StripsTagsScriptsAndEntities) {
  const auto t = strip_html(
      "<html><head><style>p{}</style><script>var x=1;</script></head><body><h1>Results</h1>"
      "<p>Revenue &amp; EPS <b>rose</b>.</p></body></html>");
  EXPECT_EQ(t.find("var x"), std::string::npos);
  EXPECT_EQ(t.find('<'), std::string::npos);
  EXPECT_NE(t.find("Revenue & EPS rose ."), std::string::npos) << t;
  EXPECT_NE(t.find("Results"), std::string::npos);
}

TEST(Markdown, KeepsWordsDropsMarkup) {
  const auto t = strip_markdown("# Outlook\n\nWe **expect** growth, see [site](http://x.y).\n");
  EXPECT_NE(t.find("Outlook"), std::string::npos);
  EXPECT_NE(t.find("We expect growth, see site."), std::string::npos) << t;
  EXPECT_EQ(format_from_path("a/B.MD"), Format::markdown);
  EXPECT_EQ(format_from_path("x.htm"), Format::html);
}

}  // namespace
}  // namespace finchat::documents
