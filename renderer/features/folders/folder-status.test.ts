import { describe, expect, it } from 'vitest'
import { RpcError } from '../../../shared/rpc/errors'
import { authorLabel, directoryProblem, folderNameProblem, folderStatusLine, folderTitle, participationText, uploadErrorText } from './folder-status'

const status = (state: 'up-to-date' | 'syncing' | 'paused' | 'error', more: Partial<{ pending: number; bytesTotal: number; bytesDone: number; error: { code: string; message: string } | null }> = {}) => ({
  state,
  pending: 0,
  bytesTotal: 0,
  bytesDone: 0,
  error: null,
  ...more,
})

describe('folderStatusLine', () => {
  it('says each state in words', () => {
    expect(folderStatusLine({ available: true, paused: false, status: status('up-to-date') })).toEqual({ text: 'Up to date', tone: 'ok', progress: null })
    expect(folderStatusLine({ available: true, paused: false, status: status('syncing', { pending: 3, bytesTotal: 4096, bytesDone: 1024 }) })).toEqual({
      text: 'Syncing 3 files — 1 KB of 4 KB',
      tone: 'busy',
      progress: 25,
    })
    expect(folderStatusLine({ available: true, paused: false, status: status('syncing', { pending: 1 }) })).toEqual({ text: 'Syncing 1 file', tone: 'busy', progress: null })
    expect(folderStatusLine({ available: true, paused: false, status: status('syncing') }).text).toBe('Syncing…')
    expect(folderStatusLine({ available: true, paused: false, status: status('error', { error: { code: 'FOLDER_MISSING', message: 'the folder /x is missing' } }) })).toEqual({
      text: 'Error: the folder /x is missing',
      tone: 'error',
      progress: null,
    })
  })

  it('puts “not available” and “paused” before what the engine says', () => {
    expect(folderStatusLine({ available: false, paused: true, status: null }).text).toBe('Not available on this device yet')
    expect(folderStatusLine({ available: true, paused: true, status: status('up-to-date') }).text).toBe('Paused')
    expect(folderStatusLine({ available: true, paused: false, status: status('paused') }).text).toBe('Paused')
    expect(folderStatusLine({ available: true, paused: false, status: null }).text).toBe('Starting…')
  })
})

describe('words', () => {
  it('counts the devices taking part', () => {
    expect(participationText(0)).toBe('No member’s device has joined it yet')
    expect(participationText(1)).toBe('1 member’s device takes part')
    expect(participationText(3)).toBe('3 members’ devices take part')
  })

  it('names the author, “You” for me', () => {
    expect(authorLabel({ authorIdentity: 'me', authorName: 'Ada' }, 'me')).toBe('You')
    expect(authorLabel({ authorIdentity: 'ben', authorName: 'Ben' }, 'me')).toBe('Ben')
    expect(authorLabel({ authorIdentity: null, authorName: '3f2a9c1d' }, 'me')).toBe('3f2a9c1d')
    expect(authorLabel({ authorIdentity: null, authorName: 'x' }, null)).toBe('x')
  })
})

describe('input checks', () => {
  it('checks a folder name as folders.create does', () => {
    expect(folderNameProblem('  ')).toBe('Give the folder a name')
    expect(folderNameProblem('x'.repeat(121))).toBe('Use at most 120 characters')
    expect(folderNameProblem(' Plans ')).toBeNull()
  })

  it('wants a full directory path', () => {
    expect(directoryProblem('')).toMatch(/full path/)
    expect(directoryProblem('Plans')).toMatch(/full path/)
    expect(directoryProblem('./Plans')).toMatch(/full path/)
    expect(directoryProblem('/home/ada/Plans\0')).toMatch(/NUL/)
    expect(directoryProblem('/'.repeat(4097))).toMatch(/too long/)
    for (const dir of ['/home/ada/Plans', 'C:\\Users\\ada\\Plans', 'd:/Plans', '\\\\server\\share\\Plans']) expect(directoryProblem(dir), dir).toBeNull()
  })
})

describe('names and upload errors', () => {
  it('names a folder this device cannot open yet', () => {
    expect(folderTitle({ available: true, name: 'Plans' })).toBe('Plans')
    expect(folderTitle({ available: false, name: '' })).toBe('A folder not opened here yet')
  })

  it('words a refused upload path as a problem with the file’s name', () => {
    expect(uploadErrorText(new RpcError('FOLDER_BAD_PATH', 'bad'))).toMatch(/Rename the file/)
    expect(uploadErrorText(new RpcError('FOLDER_PAUSED', ''))).toMatch(/Resume it/)
  })
})
