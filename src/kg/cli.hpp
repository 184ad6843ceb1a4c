#pragma once
// Command-line entry points, wired by the lead into the finchat binary:
//   finchat ingest kg FILE... [--dry-run]   (.jsonl, nodes.csv/edges.csv, or a directory)
//   finchat kg export --format json|dot [--out FILE]
// Returns 0 on success, 1 when the input is rejected (messages on err), 2 on usage errors.
#include <ostream>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace finchat::kg {

int run_kg_cli(const std::vector<std::string>& args, store::Database& db, std::ostream& out,
               std::ostream& err);

}  // namespace finchat::kg
