import { EmbedderClient } from '../embedding/client';

/** One worker for the whole page: every hook and the console API share it. */
export const embedderClient = new EmbedderClient();
