// Standalone entry for the documents CLI: documents_cli eval summaries DIR ...
#include <iostream>

#include "finance/documents/eval.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return finchat::documents::run_documents_cli(args, std::cout, std::cerr);
}
