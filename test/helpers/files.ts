import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** Every regular file under dir, recursively, hidden ones included. Anything else (a socket, a link) is an error: a data dir holds none. */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await listFiles(path)))
    else if (entry.isFile()) files.push(path)
    else throw new Error(`unexpected entry in the data dir (not a file or directory): ${path}`)
  }
  return files
}
