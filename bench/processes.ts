import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** Resident set size in kB, as `ps` reports it. */
  rss: number;
  args: string;
}

/** Every process under `rootPid` (our Chromium), itself included, from one `ps` listing. */
export async function processTree(rootPid: number): Promise<ProcessEntry[]> {
  const { stdout } = await execFileAsync('ps', ['-eo', 'pid=,ppid=,rss=,args=']);
  const processes = stdout
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/))
    .filter((match): match is RegExpMatchArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), rss: Number(match[3]), args: match[4] ?? '' }));
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const entry of processes) {
      if (!tree.has(entry.pid) && tree.has(entry.ppid)) {
        tree.add(entry.pid);
        grew = true;
      }
    }
  }
  return processes.filter((entry) => tree.has(entry.pid));
}
