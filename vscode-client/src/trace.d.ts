import type * as vscode from "vscode";

export const INFO: number;
export const TRACE: number;
export function traceChannel(
  plain: vscode.OutputChannel,
  setting: () => string,
): { channel: vscode.LogOutputChannel; settingChanged: () => void };
