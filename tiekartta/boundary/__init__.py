"""What a pull request may put in the folders the site is built from, checked before anything is
built: no symbolic links (project_files), hand-written pages' front matter and macro calls
(handwritten), and no id of the theme's own elements in a page (theme_ids). The content in
roadmap/ is checked by tiekartta.model; these cover everything else an editor can change."""

from .handwritten import PROJECT_MACROS, UnsafePage, check_macro_page, handwritten_page_problems
from .project_files import BUILT_FROM, ProjectFilesError, project_file_problems, refuse_unsafe_project_files
from .theme_ids import theme_id_problems

__all__ = [
    "BUILT_FROM", "PROJECT_MACROS", "ProjectFilesError", "UnsafePage", "check_macro_page",
    "handwritten_page_problems", "project_file_problems", "refuse_unsafe_project_files", "theme_id_problems",
]
