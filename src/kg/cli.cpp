#include "kg/cli.hpp"

#include <fstream>

#include "kg/graph_store.hpp"
#include "kg/io.hpp"

namespace finchat::kg {
namespace {

constexpr const char* kUsage =
    "usage: ingest kg FILE... [--dry-run]\n"
    "       kg export --format json|dot [--out FILE]\n";

int usage(std::ostream& err, const std::string& why) {
  err << "kg: " << why << "\n" << kUsage;
  return 2;
}

int ingest(const std::vector<std::string>& args, store::Database& db, std::ostream& out,
           std::ostream& err) {
  std::vector<std::string> files;
  bool dry_run = false;
  for (const std::string& a : args) {
    if (a == "--dry-run") {
      dry_run = true;
    } else if (a.rfind("--", 0) == 0) {
      return usage(err, "unknown option " + a);
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) return usage(err, "ingest needs at least one FILE");
  ParseResult parsed = read_graph_files(files);
  GraphStore graph(db);
  if (Status ok = graph.load(); !ok) {
    err << "kg: cannot load the graph: " << ok.error().message << "\n";
    return 1;
  }
  std::vector<Issue> issues = parsed.issues;
  // Report parse problems and validation problems together.
  auto more = graph.read([&](const Graph& g) { return validate_batch(parsed.batch, g); });
  issues.insert(issues.end(), more.begin(), more.end());
  if (Status ok = issues_to_status(issues, 50); !ok) {
    err << "kg: " << ok.error().message << "\n";
    return 1;
  }
  if (!dry_run) {
    if (Status ok = graph.apply(parsed.batch); !ok) {
      err << "kg: " << ok.error().message << "\n";
      return 1;
    }
  }
  out << (dry_run ? "valid: " : "imported ") << parsed.batch.nodes.size() << " nodes, "
      << parsed.batch.edges.size() << " edges\n";
  return 0;
}

int export_graph(const std::vector<std::string>& args, store::Database& db, std::ostream& out,
                 std::ostream& err) {
  std::string format = "json", path;
  for (size_t i = 0; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    if (args[i] == "--format" && has_value) {
      format = args[++i];
    } else if (args[i] == "--out" && has_value) {
      path = args[++i];
    } else {
      return usage(err, "unexpected argument " + args[i]);
    }
  }
  if (format != "json" && format != "jsonl" && format != "dot") {
    return usage(err, "--format must be json or dot");
  }
  GraphStore graph(db);
  if (Status ok = graph.load(); !ok) {
    err << "kg: cannot load the graph: " << ok.error().message << "\n";
    return 1;
  }
  std::ofstream file;
  if (!path.empty()) {
    file.open(path, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << "kg: cannot write " << path << "\n";
      return 1;
    }
  }
  std::ostream& sink = path.empty() ? out : file;
  graph.read([&](const Graph& g) {
    if (format == "dot") {
      export_dot(g, sink);
    } else {
      export_jsonl(g, sink);
    }
    return 0;
  });
  sink.flush();
  if (!sink) {
    err << "kg: write failed\n";
    return 1;
  }
  return 0;
}

}  // namespace

int run_kg_cli(const std::vector<std::string>& args, store::Database& db, std::ostream& out,
               std::ostream& err) {
  // Accept "ingest kg ..." / "kg ingest ..." and "kg export ..." / "export ...".
  std::vector<std::string> rest = args;
  auto drop_front = [&rest] { rest.erase(rest.begin()); };
  if (!rest.empty() && rest[0] == "ingest") {
    drop_front();
    if (rest.empty() || rest[0] != "kg") return usage(err, "expected 'ingest kg FILE'");
    drop_front();
    return ingest(rest, db, out, err);
  }
  if (!rest.empty() && rest[0] == "kg") drop_front();
  if (rest.empty()) return usage(err, "missing command");
  const std::string command = rest[0];
  drop_front();
  if (command == "ingest") return ingest(rest, db, out, err);
  if (command == "export") return export_graph(rest, db, out, err);
  return usage(err, "unknown command " + command);
}

}  // namespace finchat::kg
