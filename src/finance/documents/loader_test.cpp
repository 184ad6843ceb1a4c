#include "finance/documents/loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace finchat::documents {
namespace {

// A one-page PDF with a Helvetica text stream; xref offsets computed as we write.
std::string minimal_pdf(const std::string& line) {
  const std::string stream = "BT /F1 12 Tf 72 720 Td (" + line + ") Tj ET";
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::filesystem::path write_temp(const std::string& name, const std::string& body) {
  auto p = std::filesystem::temp_directory_path() / ("fund_docs_" + name);
  std::ofstream(p, std::ios::binary) << body;
  return p;
}

TEST(Pdf, ExtractsTextFromGeneratedPdf) {
  auto text = pdf_text(minimal_pdf("Revenue rose 12 percent"));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_NE(text->find("Revenue rose 12 percent"), std::string::npos) << *text;
  auto doc = load_document(write_temp("ok.pdf", minimal_pdf("Hello PDF")).string());
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
