// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>

// One session's rows, ascending, as the index keeps them for every session: a row is stored as its distance
// from the row before, in 7-bit groups (one byte for a distance under 128, which is most of them: a session's
// events lie close together), and every 64th row is kept whole with where its block's bytes start, so that
// any row is found by decoding at most 63 distances. About 1.2 bytes a row where a plain list takes 4, plus
// its growth room and one allocation per chunk. A session of up to 64 events (most are) makes one allocation:
// its first row is kept here, and the table of blocks is only made for a second block.
//
// Implicitly shared: a copy (a worker's snapshot) costs two reference counts, and appending to a list a copy
// still shares copies its bytes once.
class SessionRows
{
public:
    static constexpr qsizetype BlockRows = 64;

    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    quint32 back() const { return m_last; }
    // The bytes the rows take, growth room and allocation headers aside.
    qsizetype storedBytes() const
    {
        return m_bytes.size() + m_blocks.size() * qsizetype(sizeof(Block)) + qsizetype(sizeof m_first);
    }
    // O(BlockRows).
    quint32 at(qsizetype i) const
    {
        Cursor c(*this, i);
        return c.row();
    }
    // Rows must be appended in ascending order.
    void append(quint32 row)
    {
        if (m_size == 0) {
            m_first = row;
        } else if (m_size % BlockRows == 0) {
            m_blocks.append({row, quint32(m_bytes.size())});
        } else {
            quint32 delta = row - m_last;
            while (delta >= 0x80) {
                m_bytes.append(char(quint8(delta) | 0x80));
                delta >>= 7;
            }
            m_bytes.append(char(delta));
        }
        m_last = row;
        ++m_size;
    }
    // The first position whose row is not less than `row`.
    qsizetype lowerBound(quint32 row) const
    {
        // The last block whose first row is below `row`; the answer lies in it or at the next block's start.
        qsizetype lo = 0, hi = blockCount();
        while (lo < hi) {
            const qsizetype mid = lo + (hi - lo) / 2;
            if (block(mid).first < row)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == 0)
            return 0;
        // The next block's first row is not below `row`: the walk stops there at the latest.
        Cursor c(*this, (lo - 1) * BlockRows);
        while (!c.atEnd() && c.row() < row)
            c.next();
        return c.position();
    }

    // Reads rows forward from a position: the way to walk a list, O(1) a row.
    class Cursor
    {
    public:
        Cursor(const SessionRows &rows, qsizetype position)
            : m_rows(&rows)
            , m_position(position)
        {
            if (position >= rows.m_size)
                return;
            const Block b = rows.block(position / BlockRows);
            m_row = b.first;
            m_byte = b.bytes;
            for (qsizetype k = position % BlockRows; k > 0; --k)
                m_row += decode();
        }
        bool atEnd() const { return m_position >= m_rows->m_size; }
        qsizetype position() const { return m_position; }
        quint32 row() const { return m_row; }
        void next()
        {
            if (++m_position >= m_rows->m_size)
                return;
            if (m_position % BlockRows == 0) {
                const Block b = m_rows->block(m_position / BlockRows);
                m_row = b.first;
                m_byte = b.bytes;
            } else {
                m_row += decode();
            }
        }

    private:
        quint32 decode()
        {
            const char *p = m_rows->m_bytes.constData() + m_byte;
            quint32 v = 0;
            int shift = 0;
            quint8 b;
            do {
                b = quint8(*p++);
                v |= quint32(b & 0x7f) << shift;
                shift += 7;
            } while (b & 0x80);
            m_byte = quint32(p - m_rows->m_bytes.constData());
            return v;
        }

        const SessionRows *m_rows;
        qsizetype m_position;
        quint32 m_row = 0;
        quint32 m_byte = 0;
    };

private:
    struct Block
    {
        quint32 first; // the block's first row
        quint32 bytes; // where the distances of its other rows start in m_bytes
    };
    qsizetype blockCount() const { return m_size == 0 ? 0 : 1 + m_blocks.size(); }
    Block block(qsizetype b) const { return b == 0 ? Block{m_first, 0} : m_blocks.at(b - 1); }

    QByteArray m_bytes;
    QList<Block> m_blocks; // the blocks after the first
    quint32 m_first = 0;
    quint32 m_last = 0;
    quint32 m_size = 0;
};
