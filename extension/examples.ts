/**
 * "HyperStep: Open Example…" (hyperstep.openExample, used by the Get Started walkthrough):
 * copies one of the examples shipped in the VSIX (examples/hello: a C program prebuilt
 * with -g; examples/asm-hello: an assembly program the built-in assembler runs) into a
 * new folder the user chooses, then opens that folder. The copies have no launch.json:
 * F5 in hello.c finds hello.elf by its DWARF (elfPicker.ts), F5 in hello.s assembles it.
 * Also "HyperStep: Open Documentation" (hyperstep.openDocs): the reference pages shipped
 * in the VSIX (docs/*.md) in the Markdown preview; the extension page links here because
 * VS Code's extension page does not open relative links.
 */
import * as vscode from 'vscode';
import { homedir } from 'os';
import { EXAMPLES, copyExample } from './exampleFiles';
import { logger } from './settings';

export const OPEN_EXAMPLE_COMMAND = 'hyperstep.openExample';
export const OPEN_DOCS_COMMAND = 'hyperstep.openDocs';

/** The reference pages in the VSIX (.vscodeignore keeps them). */
export const DOCS: { id: string; label: string; file: string }[] = [
  { id: 'debugging', label: 'Debugging', file: 'docs/debugging.md' },
  { id: 'assembler', label: 'The assembler', file: 'docs/assembler.md' },
  { id: 'linux', label: 'Debian Linux', file: 'docs/linux.md' },
  { id: 'machine', label: 'The machine', file: 'docs/machine.md' },
];

export function registerExamples(context: vscode.ExtensionContext): vscode.Disposable {
  const docs = vscode.commands.registerCommand(OPEN_DOCS_COMMAND, async (id?: unknown) => {
    const doc = DOCS.find((d) => d.id === id) ?? (await vscode.window.showQuickPick(
      DOCS.map((d) => ({ label: d.label, description: d.file, d })), { title: 'HyperStep: Open Documentation' }))?.d;
    if (doc === undefined) return;
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, doc.file));
  });
  const examples = vscode.commands.registerCommand(OPEN_EXAMPLE_COMMAND, async (id?: unknown) => {
    let example = EXAMPLES.find((e) => e.id === id);
    if (example === undefined) {
      const picked = await vscode.window.showQuickPick(
        EXAMPLES.map((e) => ({ label: e.label, detail: e.detail, e })),
        // ignoreFocusOut: started from the walkthrough's button, the pick must survive the page taking the focus back.
        { title: 'HyperStep: Open Example', placeHolder: 'The example to copy into a new folder', ignoreFocusOut: true });
      if (picked === undefined) return;
      example = picked.e;
    }
    const parent = await vscode.window.showOpenDialog({
      title: `HyperStep: where to create hyperstep-${example.id}`,
      openLabel: 'Create Example Here',
      canSelectFiles: false, canSelectFolders: true, canSelectMany: false,
      defaultUri: vscode.Uri.file(homedir()),
    });
    if (parent?.[0] === undefined) return;
    let dir: string;
    try {
      dir = copyExample(example, context.extensionPath, parent[0].fsPath);
    } catch (e) {
      void vscode.window.showErrorMessage(`HyperStep: cannot create the example: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    logger().info(`example ${example.id} copied to ${dir}`);
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dir), { forceNewWindow: false });
  });
  return vscode.Disposable.from(docs, examples);
}
