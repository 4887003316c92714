import * as searches from '../../pickers/listSearch';
import * as recordLists from '../../pickers/recordLists';

/** n8n takes every function here as a method the editor may call. */
export const listSearch = { ...searches, ...recordLists };
export * as loadOptions from './loadOptions';
