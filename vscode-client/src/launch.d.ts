export interface ServerProcess {
  command: string;
  args: string[];
  options: { cwd: string; env: Record<string, string | undefined> };
}
export function serverProcess(
  server: { command: string; args: string[] },
  extensionDir: string,
  env: Record<string, string | undefined>,
): ServerProcess;
export function probeArgs(): string[];
export function serverOptions(proc: ServerProcess): {
  run: { command: string; args: string[]; options: ServerProcess["options"] };
  debug: { command: string; args: string[]; options: ServerProcess["options"] };
};
