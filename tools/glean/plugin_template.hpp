// glean/tools/glean/plugin_template.hpp - the plugin template `glean new-plugin` writes
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace glean::cli {

/// One file of the template (tools/glean/plugin-template), embedded at build time.
struct TemplateFile {
  std::string_view path;     ///< where it goes in the new plugin's folder; may hold @tokens@
  std::string_view content;  ///< its bytes, with @tokens@
};

/// Every template file, in the order of the manifest in tools/glean/CMakeLists.txt.
const std::vector<TemplateFile>& pluginTemplateFiles();

/// The values a template's @tokens@ stand for.
struct TemplateValues {
  std::string name;   ///< @name@: the plugin name, "casualty-count"
  std::string ident;  ///< @ident@: the name as a C++/file identifier, "casualty_count"
  std::string klass;  ///< @Class@: the name in PascalCase, "CasualtyCount"
};

/// True when `name` can name a plugin: a lowercase letter, then lowercase letters, digits, '-'
/// and '_' (the file is glean-<name>.so, and pipelines say `use = "<name>"`).
bool isValidPluginName(std::string_view name);

/// The token values for a valid plugin name.
TemplateValues templateValues(const std::string& name);

/// `text` with every @name@, @ident@, @Class@, @version@ (glean's version), @version_major_minor@
/// and @api@ (the plugin API version) replaced. Other text, '@' included, is left alone.
std::string expandTemplate(std::string_view text, const TemplateValues& values);

}  // namespace glean::cli
